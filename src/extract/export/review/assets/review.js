// The review page: draws the pages with a box for every value, and the extracted structure beside them,
// from the JSON the export embeds. Document text is only ever set as textContent, never parsed as HTML.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("review-data").textContent);
  const values = data.values;
  const kindNames = data.kinds;
  const enabled = new Set(Object.keys(kindNames));
  const valueEls = new Map(); // value id -> its element on the right
  const boxEls = []; // every box on the pages
  const boxesOf = new Map(); // value id -> its boxes
  let selected = null;

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function boxText(box) {
    return box.map(String).join(",");
  }

  function hue(confidence) {
    // red at 0.5 or below, green at 1
    return Math.round(Math.max(0, Math.min(1, (confidence - 0.5) / 0.5)) * 120);
  }

  function placeText(w) {
    if (w.line) return "文件第 " + w.line + " 行";
    return "第 " + w.page + " 页";
  }

  // ---- pages (left) ------------------------------------------------------------------------------

  function drawPages() {
    const main = document.getElementById("pages");
    if (data.document.input === "text") {
      main.appendChild(el("p", "no-images",
        "文本输入（.txt）没有页面图像：每个值的来源是文件中的行号，悬停在值上可见。"));
      return;
    }
    const onPage = new Map();
    for (const v of values) {
      for (const w of v.where) {
        if (!w.box) continue;
        const key = w.page + "|" + boxText(w.box);
        let entry = onPage.get(key);
        if (!entry) {
          entry = { page: w.page, box: w.box, ids: [], confidence: null };
          onPage.set(key, entry);
        }
        if (!entry.ids.includes(v.id)) entry.ids.push(v.id);
        if (w.confidence !== undefined) entry.confidence = w.confidence;
      }
    }
    const byPage = new Map();
    for (const entry of onPage.values()) {
      if (!byPage.has(entry.page)) byPage.set(entry.page, []);
      byPage.get(entry.page).push(entry);
    }
    for (const p of data.pages) {
      const section = el("section", "page");
      section.id = "page-" + p.page;
      section.dataset.page = p.page;
      const head = el("h2", "page-head", "第 " + p.page + " 页");
      if (p.ocr) head.appendChild(el("span", "badge", "OCR"));
      if (p.rotation) head.appendChild(el("span", "badge", "已旋转 " + p.rotation + "°"));
      section.appendChild(head);
      const sheet = el("div", "sheet");
      sheet.style.aspectRatio = p.width + " / " + p.height;
      if (p.image) {
        const img = el("img");
        img.loading = "lazy";
        img.decoding = "async";
        img.alt = "第 " + p.page + " 页";
        img.width = p.image_width;
        img.height = p.image_height;
        img.src = p.image;
        sheet.appendChild(img);
      } else {
        sheet.appendChild(el("div", "no-image", "此页无法渲染"));
      }
      const entries = (byPage.get(p.page) || []).slice();
      // Large boxes first, so that the smaller ones inside them lie on top and can be clicked.
      entries.sort((a, b) => area(b.box) - area(a.box));
      for (const entry of entries) sheet.appendChild(drawBox(entry, p));
      section.appendChild(sheet);
      main.appendChild(section);
    }
  }

  function area(box) {
    return (box[2] - box[0]) * (box[3] - box[1]);
  }

  function drawBox(entry, p) {
    const b = el("div", "box");
    const [x0, top, x1, bottom] = entry.box;
    b.style.left = (100 * x0 / p.width) + "%";
    b.style.top = (100 * top / p.height) + "%";
    b.style.width = (100 * Math.max(0, x1 - x0) / p.width) + "%";
    b.style.height = (100 * Math.max(0, bottom - top) / p.height) + "%";
    b.dataset.page = entry.page;
    b.dataset.box = boxText(entry.box);
    b.dataset.values = entry.ids.join(" ");
    if (entry.confidence !== null) b.style.setProperty("--hue", hue(entry.confidence));
    b.title = entry.ids.map((id) => values[id].label).join("\n");
    b.addEventListener("click", onBoxClick);
    for (const id of entry.ids) {
      if (!boxesOf.has(id)) boxesOf.set(id, []);
      boxesOf.get(id).push(b);
    }
    boxEls.push(b);
    return b;
  }

  function shownIds(b) {
    return b.dataset.values.split(" ").map(Number).filter((id) => enabled.has(values[id].kind));
  }

  function styleBox(b) {
    const ids = shownIds(b);
    b.hidden = ids.length === 0;
    b.className = "box" + (ids.length ? " kind-" + values[ids[0]].kind : "") +
      (ids.includes(selected) ? " active" : "");
  }

  function onBoxClick(event) {
    const ids = shownIds(event.currentTarget);
    if (!ids.length) return;
    const at = ids.indexOf(selected);
    // A box several values share (a key-task cell is also a table cell): each click selects the next.
    select(ids[at < 0 ? 0 : (at + 1) % ids.length], { scrollValue: true });
  }

  // ---- structure (right) -------------------------------------------------------------------------

  function valueEl(id, tag) {
    const v = values[id];
    const e = el(tag || "div", "value kind-" + v.kind);
    e.tabIndex = 0;
    e.dataset.id = id;
    e.dataset.kind = v.kind;
    const first = v.where.find((w) => w.box) || v.where[0];
    e.dataset.page = first ? first.page : "";
    e.dataset.box = first && first.box ? boxText(first.box) : "";
    if (v.where.length > 1) {
      e.dataset.where = v.where.map((w) => w.page + ":" + (w.box ? boxText(w.box) : "")).join(" ");
    }
    e.title = v.label + "（" + v.where.map(placeText).join("，") + "）";
    if (v.heading) e.appendChild(el("span", "heading", v.heading));
    e.appendChild(el("span", "text", v.text));
    const low = v.where.filter((w) => w.confidence !== undefined).map((w) => w.confidence);
    if (low.length) {
      const c = Math.min(...low);
      const badge = el("span", "conf", "OCR " + c.toFixed(2));
      badge.style.setProperty("--hue", hue(c));
      e.appendChild(badge);
    }
    if (v.body) e.appendChild(el("span", "body", v.body));
    if (v.detail) e.appendChild(el("span", "detail", v.detail));
    e.addEventListener("click", () => select(id, { scrollPage: true }));
    valueEls.set(id, e);
    return e;
  }

  const draw = {
    fields(s, box) {
      const list = el("dl", "fields");
      for (const id of s.items) {
        list.appendChild(el("dt", null, values[id].label));
        const dd = el("dd");
        dd.appendChild(valueEl(id));
        list.appendChild(dd);
      }
      box.appendChild(list);
    },
    outline(s, box) {
      for (const part of s.parts) {
        const block = el("div", "part");
        block.appendChild(el("h3", null, part.name));
        for (const id of part.values) {
          const row = el("div", "part-value");
          row.appendChild(el("span", "label", values[id].label.split(" · ").pop()));
          row.appendChild(valueEl(id));
          block.appendChild(row);
        }
        if (part.nodes.length) block.appendChild(tree(part.nodes));
        else block.appendChild(el("p", "empty", "无编号标题"));
        box.appendChild(block);
      }
    },
    table(s, box) {
      for (const id of s.caption || []) {
        const row = el("div", "part-value");
        row.appendChild(el("span", "label", values[id].label.split(" · ").pop()));
        row.appendChild(valueEl(id));
        box.appendChild(row);
      }
      if (s.file) box.appendChild(el("p", "file", s.file));
      const wrap = el("div", "table-wrap");
      const table = el("table");
      const thead = el("thead");
      for (const cells of s.head) thead.appendChild(tableRow(cells, "th"));
      const tbody = el("tbody");
      for (const cells of s.rows) tbody.appendChild(tableRow(cells, "td"));
      table.append(thead, tbody);
      wrap.appendChild(table);
      box.appendChild(wrap);
      for (const id of s.notes || []) box.appendChild(valueEl(id));
    },
    list(s, box) {
      if (!s.items.length) {
        box.appendChild(el("p", "empty", s.empty || "无"));
        return;
      }
      const list = el("ol", "items");
      for (const id of s.items) {
        const item = el("li");
        item.appendChild(el("span", "label", values[id].label));
        item.appendChild(valueEl(id));
        list.appendChild(item);
      }
      box.appendChild(list);
    },
    notes(s, box) {
      if (!s.items.length) {
        box.appendChild(el("p", "empty", s.empty || "无"));
        return;
      }
      const list = el("ul", "notes");
      for (const text of s.items) list.appendChild(el("li", null, text));
      box.appendChild(list);
    },
  };

  function tree(nodes) {
    const list = el("ul", "tree");
    for (const node of nodes) {
      const item = el("li");
      item.appendChild(valueEl(node.value));
      if (node.children.length) item.appendChild(tree(node.children));
      list.appendChild(item);
    }
    return list;
  }

  function tableRow(cells, tag) {
    const tr = el("tr");
    for (const cell of cells) {
      let c;
      if (cell.value !== undefined) c = valueEl(cell.value, tag);
      else c = el(tag, null, cell.text || "");
      if (cell.rowspan) c.rowSpan = cell.rowspan;
      if (cell.colspan) c.colSpan = cell.colspan;
      tr.appendChild(c);
    }
    return tr;
  }

  function drawSummary() {
    const d = data.document;
    const box = document.getElementById("summary");
    box.appendChild(el("h1", null, d.title || d.file));
    const status = el("p", "status status-" + d.status, d.status === "ok" ? "完整（ok）" : "部分（partial）");
    box.appendChild(status);
    if (d.reasons.length) {
      const list = el("ul", "reasons");
      for (const r of d.reasons) list.appendChild(el("li", null, r));
      box.appendChild(list);
    }
    box.appendChild(el("p", "counts", d.counts));
    if (data.pages.length && d.input !== "text") {
      const nav = el("nav", "page-links");
      nav.appendChild(el("span", null, "页："));
      for (const p of data.pages) {
        const a = el("a", null, String(p.page));
        a.href = "#page-" + p.page;
        nav.appendChild(a);
      }
      box.appendChild(nav);
    }
    box.appendChild(el("p", "help", "点击值可在页面上定位；点击页面上的框可选中其值；↑↓ 或 j k 逐项移动，Esc 取消选择。"));
  }

  function drawFilters() {
    const nav = document.getElementById("filters");
    const counts = {};
    for (const v of values) counts[v.kind] = (counts[v.kind] || 0) + 1;
    for (const kind of Object.keys(kindNames)) {
      if (!counts[kind]) continue;
      const label = el("label", "filter kind-" + kind);
      const box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.dataset.kind = kind;
      box.addEventListener("change", () => {
        if (box.checked) enabled.add(kind);
        else enabled.delete(kind);
        applyFilter();
      });
      label.append(box, el("span", "swatch"), el("span", null, kindNames[kind] + " " + counts[kind]));
      nav.appendChild(label);
    }
  }

  function drawStructure() {
    const root = document.getElementById("structure");
    for (const s of data.sections) {
      const block = el(s.collapsed ? "details" : "section", "block");
      if (s.kind) block.dataset.kind = s.kind;
      const count = s.type === "list" || s.type === "notes" ? "（" + s.items.length + "）" : "";
      block.appendChild(el(s.collapsed ? "summary" : "h2", null, s.title + count));
      draw[s.type](s, block);
      root.appendChild(block);
    }
  }

  function applyFilter() {
    for (const block of document.querySelectorAll("#structure .block[data-kind]")) {
      block.hidden = !enabled.has(block.dataset.kind);
    }
    for (const e of valueEls.values()) e.classList.toggle("filtered", !enabled.has(e.dataset.kind));
    if (selected !== null && !enabled.has(values[selected].kind)) clear();
    boxEls.forEach(styleBox);
  }

  // ---- selection --------------------------------------------------------------------------------

  function clear() {
    if (selected === null) return;
    const old = valueEls.get(selected);
    old.classList.remove("selected");
    old.removeAttribute("aria-current");
    const boxes = boxesOf.get(selected) || [];
    selected = null;
    boxes.forEach(styleBox);
    document.getElementById("selection").textContent = "";
  }

  function select(id, options) {
    clear();
    selected = id;
    const e = valueEls.get(id);
    e.classList.add("selected");
    e.setAttribute("aria-current", "true");
    for (let p = e.parentElement; p; p = p.parentElement) if (p.tagName === "DETAILS") p.open = true;
    const boxes = boxesOf.get(id) || [];
    boxes.forEach(styleBox);
    const v = values[id];
    document.getElementById("selection").textContent =
      "已选：" + v.label + "（" + v.where.map(placeText).join("，") + "）";
    if (options.scrollPage && boxes.length) boxes[0].scrollIntoView({ block: "center", inline: "nearest" });
    if (options.scrollValue) e.scrollIntoView({ block: "nearest", inline: "nearest" });
    if (options.focus) e.focus({ preventScroll: true });
  }

  function navigable() {
    return Array.from(document.querySelectorAll("#structure .value")).filter((e) => {
      if (e.classList.contains("filtered") || e.closest("[hidden]")) return false;
      const details = e.closest("details");
      return !details || details.open;
    });
  }

  function move(step) {
    const list = navigable();
    if (!list.length) return;
    const at = selected === null ? -1 : list.indexOf(valueEls.get(selected));
    const next = at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.max(0, Math.min(list.length - 1, at + step));
    select(Number(list[next].dataset.id), { scrollPage: true, scrollValue: true, focus: true });
  }

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target instanceof HTMLInputElement) return;
    if (event.key === "ArrowDown" || event.key === "j") move(1);
    else if (event.key === "ArrowUp" || event.key === "k") move(-1);
    else if (event.key === "Escape") clear();
    else if ((event.key === "Enter" || event.key === " ") && event.target.classList &&
             event.target.classList.contains("value")) {
      select(Number(event.target.dataset.id), { scrollPage: true });
    } else return;
    event.preventDefault();
  });

  drawSummary();
  drawFilters();
  drawStructure();
  drawPages();
  applyFilter();
  document.body.dataset.ready = "true";
})();
