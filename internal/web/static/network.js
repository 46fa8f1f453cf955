// The relationship map: pan and zoom (mouse, wheel, touch and pinch), find
// an organization, click or press Enter on one for its ties in the side
// panel (Escape closes it), redraw when the circle size changes, and
// download the picture as PNG. The map is complete without this script:
// each circle then links to its organization's page.
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box) { return; }
  var svg = box.querySelector("svg");
  if (!svg) { return; }
  var vb = svg.viewBox.baseVal;
  var home = { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
  var dataEl = document.getElementById("map-data");
  var data = dataEl ? JSON.parse(dataEl.textContent) : null;

  // A new circle size redraws the map at once.
  var size = document.getElementById("size");
  if (size && size.form) {
    size.addEventListener("change", function () { size.form.submit(); });
  }

  function zoom(f, cx, cy) {
    if (cx === undefined) { cx = vb.x + vb.width / 2; cy = vb.y + vb.height / 2; }
    var w = Math.min(home.w * 4, Math.max(home.w / 20, vb.width * f));
    var h = w * home.h / home.w;
    vb.x = cx - (cx - vb.x) * w / vb.width;
    vb.y = cy - (cy - vb.y) * h / vb.height;
    vb.width = w; vb.height = h;
  }
  function reset() { vb.x = home.x; vb.y = home.y; vb.width = home.w; vb.height = home.h; }
  // point is where a spot of the screen falls in the picture.
  function point(x, y) {
    var p = svg.createSVGPoint();
    p.x = x; p.y = y;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  // On a phone the whole map would be too small to read: the picture
  // fills a taller box at a readable size instead, cropped at its sides;
  // drag to see the rest, − to see it all.
  if (box.clientWidth < 600) {
    box.classList.add("map-narrow");
    svg.setAttribute("preserveAspectRatio", "xMidYMid slice");
  }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var p = point(ev.clientX, ev.clientY);
    zoom(ev.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
  }, { passive: false });

  // Pointers down on the map: one drags it, two pinch it. A press that
  // moves less than a few pixels stays a click.
  var pointers = {};
  var moved = false;
  var pinch = null;
  function count() { return Object.keys(pointers).length; }
  function spread() {
    var ps = Object.keys(pointers).map(function (k) { return pointers[k]; });
    return { d: Math.hypot(ps[0].x - ps[1].x, ps[0].y - ps[1].y), x: (ps[0].x + ps[1].x) / 2, y: (ps[0].y + ps[1].y) / 2 };
  }
  svg.addEventListener("pointerdown", function (ev) {
    if (ev.button > 0) { return; }
    pointers[ev.pointerId] = { x: ev.clientX, y: ev.clientY, x0: ev.clientX, y0: ev.clientY };
    if (count() === 1) { moved = false; }
    if (count() === 2) { pinch = spread(); moved = true; }
  });
  window.addEventListener("pointermove", function (ev) {
    var p = pointers[ev.pointerId];
    if (!p) { return; }
    if (count() === 1) {
      if (!moved && Math.hypot(ev.clientX - p.x0, ev.clientY - p.y0) < 4) { return; }
      moved = true;
      var a = point(p.x, p.y), b = point(ev.clientX, ev.clientY);
      vb.x -= b.x - a.x;
      vb.y -= b.y - a.y;
    }
    p.x = ev.clientX; p.y = ev.clientY;
    if (count() === 2 && pinch) {
      var now = spread();
      if (now.d > 0 && pinch.d > 0) {
        var c = point(now.x, now.y);
        zoom(pinch.d / now.d, c.x, c.y);
      }
      pinch = now;
    }
  });
  function up(ev) {
    delete pointers[ev.pointerId];
    if (count() < 2) { pinch = null; }
  }
  window.addEventListener("pointerup", up);
  window.addEventListener("pointercancel", up);

  var controls = document.querySelector(".map-zoom");
  if (controls) {
    controls.hidden = false;
    controls.addEventListener("click", function (ev) {
      var z = ev.target.getAttribute("data-zoom");
      if (z === "in") { zoom(1 / 1.4); }
      if (z === "out") { zoom(1.4); }
      if (z === "reset") { reset(); clear(); }
    });
  }

  // Highlight an organization and its ties; dim the rest.
  function nodeOf(id) { return svg.querySelector('.node[data-id="' + CSS.escape(id) + '"]'); }
  function highlight(node) {
    var id = node.getAttribute("data-id");
    var near = {};
    near[id] = true;
    var ties = [];
    svg.querySelectorAll(".edge").forEach(function (e) {
      var from = e.getAttribute("data-from"), to = e.getAttribute("data-to");
      var mine = from === id || to === id;
      e.classList.toggle("dim", !mine);
      e.classList.toggle("lit", mine);
      if (mine) { near[from] = true; near[to] = true; ties.push(e); }
    });
    svg.querySelectorAll(".node").forEach(function (n) {
      n.classList.toggle("dim", !near[n.getAttribute("data-id")]);
      n.classList.toggle("chosen", n === node);
    });
    svg.querySelectorAll(".labels text").forEach(function (t) {
      t.classList.toggle("dim", !near[t.getAttribute("data-for")]);
    });
    return ties;
  }
  function clear() {
    svg.querySelectorAll(".dim, .lit, .chosen").forEach(function (e) { e.classList.remove("dim", "lit", "chosen"); });
  }
  // centre brings the node to the middle of the view, zoomed in a little.
  function centre(node) {
    var c = node.querySelector("circle.outline") || node.querySelector("circle");
    if (!c) { return; }
    var x = c.cx.baseVal.value, y = c.cy.baseVal.value;
    if (vb.width > home.w / 1.5) {
      vb.width = home.w / 1.5; vb.height = home.h / 1.5;
    }
    vb.x = x - vb.width / 2; vb.y = y - vb.height / 2;
  }

  // The side panel.
  var panel = document.getElementById("map-panel");
  var opener = null;
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function link(href, text) { var a = el("a", text); a.href = href; return a; }
  function closePanel() {
    if (!panel || panel.hidden) { return; }
    panel.hidden = true;
    clear();
    if (opener) { opener.focus(); }
  }
  function panelHead(name, href) {
    panel.textContent = "";
    var close = el("button", "×", "map-panel-close");
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", closePanel);
    panel.appendChild(close);
    var h = el("h2");
    h.id = "map-panel-title";
    if (href) { h.appendChild(link(href, name)); } else { h.textContent = name; }
    panel.appendChild(h);
  }
  // tieLine is one recorded tie: who recorded it of whom, then its kinds,
  // level, status (strained stands out), since, and a link to it.
  function tieLine(t) {
    var div = el("div", "", "map-tie");
    div.appendChild(el("div", t.from + " → " + t.to, "muted small"));
    var parts = [];
    if (t.kinds) { parts.push(t.kinds); }
    parts.push(t.level);
    div.appendChild(document.createTextNode(parts.join(" · ") + " · "));
    div.appendChild(el("span", t.status, "map-status map-status-" + t.status));
    if (t.since) { div.appendChild(document.createTextNode(" · since " + t.since)); }
    div.appendChild(document.createTextNode(" · "));
    var a = link("/ties/" + encodeURIComponent(t.id), "Open");
    a.setAttribute("aria-label", "Open the relationship " + t.from + " → " + t.to);
    div.appendChild(a);
    if (t.status === "strained" || t.status === "developing") {
      div.appendChild(document.createTextNode(" · "));
      var add = link("/plans/add?tie=" + encodeURIComponent(t.id), "Add to my plan");
      add.className = "add-to-plan";
      add.setAttribute("aria-label", "Add the relationship " + t.from + " → " + t.to + " to my plan");
      div.appendChild(add);
    }
    return div;
  }
  function showOrg(id, org) {
    panelHead(org.name, "/organizations/" + encodeURIComponent(id));
    panel.appendChild(el("p", org.sectors.length ? "Sectors: " + org.sectors.join(", ") : "No sector given", "muted"));
    if (org.measure) { panel.appendChild(el("p", org.measure, "map-measure")); }
    if (!org.pairs.length) {
      panel.appendChild(el("p", "No relationships in this view.", "muted"));
      return;
    }
    panel.appendChild(el("h3", org.pairs.length === 1 ? "1 relationship" : org.pairs.length + " relationships"));
    var ul = el("ul", "", "plain map-ties");
    org.pairs.forEach(function (p) {
      var li = el("li");
      var who = el("div", "", "map-other");
      who.appendChild(link("/organizations/" + encodeURIComponent(p.other_id), p.other));
      li.appendChild(who);
      p.ties.forEach(function (t) { li.appendChild(tieLine(t)); });
      (p.seen || []).forEach(function (s) { li.appendChild(el("div", s, "muted small")); });
      ul.appendChild(li);
    });
    panel.appendChild(ul);
  }
  // A sector of the large-network view: its lines' tooltips.
  function showSector(node, ties) {
    panelHead(node.getAttribute("data-name"), "");
    var ul = el("ul", "", "plain map-ties");
    ties.forEach(function (e) {
      var t = e.querySelector("title");
      ul.appendChild(el("li", t ? t.textContent : ""));
    });
    panel.appendChild(ul);
  }
  function select(node, focusPanel) {
    var ties = highlight(node);
    if (!panel) { return; }
    opener = node;
    var id = node.getAttribute("data-id");
    if (data && data[id]) { showOrg(id, data[id]); } else { showSector(node, ties); }
    panel.hidden = false;
    if (focusPanel) {
      panel.focus();
    } else if (box.classList.contains("map-narrow")) {
      // On a phone the panel is below the map: bring its heading in sight.
      panel.querySelector("h2").scrollIntoView({ block: "nearest" });
    }
  }
  svg.addEventListener("click", function (ev) {
    var t = ev.target.closest ? ev.target : null;
    var node = t && t.closest(".node");
    var label = t && t.closest(".labels text");
    if (label) { node = nodeOf(label.getAttribute("data-for")); }
    if (!node) { return; }
    ev.preventDefault();
    var keyboard = ev.detail === 0; // Enter on a focused circle
    if (moved && !keyboard) { return; } // the end of a drag
    select(node, keyboard);
  });
  svg.addEventListener("keydown", function (ev) {
    var node = ev.target.closest && ev.target.closest(".node");
    if (ev.key === "Enter" && node && node.tagName.toLowerCase() !== "a") { select(node, true); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { closePanel(); }
  });

  // Find an organization by name.
  var search = document.getElementById("map-search");
  var find = document.getElementById("map-find");
  var status = document.getElementById("map-find-status");
  if (search && find) {
    search.hidden = false;
    var byName = {};
    svg.querySelectorAll(".node").forEach(function (n) { byName[n.getAttribute("data-name").toLowerCase()] = n; });
    var go = function (final) {
      var q = find.value.trim().toLowerCase();
      status.textContent = "";
      if (!q) { return; }
      var node = byName[q];
      if (!node && final) {
        var keys = Object.keys(byName).filter(function (k) { return k.indexOf(q) >= 0; });
        if (keys.length === 1) { node = byName[keys[0]]; }
      }
      if (node) {
        select(node, false);
        centre(node);
        status.textContent = "Shown on the map.";
      } else if (final) {
        status.textContent = "No organization by that name on this map.";
      }
    };
    find.addEventListener("input", function () { go(false); });
    find.addEventListener("change", function () { go(true); });
    find.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); go(true); }
    });
  }

  // PNG: the download's picture (the map with its legend) drawn on a
  // canvas in the browser and saved.
  var png = document.getElementById("download-png");
  var svgLink = document.getElementById("download-svg");
  if (png && svgLink) {
    png.hidden = false;
    png.addEventListener("click", function () {
      fetch(svgLink.href, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) { throw new Error("download failed: " + r.status); }
        return r.text();
      }).then(function (text) {
        var img = new Image();
        img.onload = function () {
          var c = document.createElement("canvas");
          c.width = img.width * 2; c.height = img.height * 2;
          var ctx = c.getContext("2d");
          ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, c.width, c.height);
          ctx.drawImage(img, 0, 0, c.width, c.height);
          c.toBlob(function (blob) {
            var a = document.createElement("a");
            a.href = URL.createObjectURL(blob);
            a.download = "relationship-map.png";
            document.body.appendChild(a); a.click(); a.remove();
          }, "image/png");
        };
        img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
      });
    });
  }
})();
