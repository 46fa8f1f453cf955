// The relationship map: pan, zoom, click an organization for its ties, and
// download the picture as PNG. The map is complete without this script.
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box) { return; }
  var svg = box.querySelector("svg");
  if (!svg) { return; }
  var vb = svg.viewBox.baseVal;
  var home = { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
  function zoom(f, cx, cy) {
    if (cx === undefined) { cx = vb.x + vb.width / 2; cy = vb.y + vb.height / 2; }
    var w = Math.min(home.w * 4, Math.max(home.w / 20, vb.width * f));
    var h = w * home.h / home.w;
    vb.x = cx - (cx - vb.x) * w / vb.width;
    vb.y = cy - (cy - vb.y) * h / vb.height;
    vb.width = w; vb.height = h;
  }
  function point(ev) {
    var r = svg.getBoundingClientRect();
    return { x: vb.x + (ev.clientX - r.left) / r.width * vb.width, y: vb.y + (ev.clientY - r.top) / r.height * vb.height };
  }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var p = point(ev);
    zoom(ev.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
  }, { passive: false });
  var drag = null;
  svg.addEventListener("pointerdown", function (ev) { drag = { x: ev.clientX, y: ev.clientY, vx: vb.x, vy: vb.y }; });
  window.addEventListener("pointerup", function () { drag = null; });
  svg.addEventListener("pointermove", function (ev) {
    if (!drag) { return; }
    var r = svg.getBoundingClientRect();
    vb.x = drag.vx - (ev.clientX - drag.x) / r.width * vb.width;
    vb.y = drag.vy - (ev.clientY - drag.y) / r.height * vb.height;
  });
  var controls = document.querySelector(".map-zoom");
  if (controls) {
    controls.hidden = false;
    controls.addEventListener("click", function (ev) {
      var z = ev.target.getAttribute("data-zoom");
      if (z === "in") { zoom(1 / 1.4); }
      if (z === "out") { zoom(1.4); }
      if (z === "reset") { vb.x = home.x; vb.y = home.y; vb.width = home.w; vb.height = home.h; }
    });
  }
  // Click (or Enter on) an organization: highlight it and list its ties.
  var panel = document.getElementById("map-panel");
  function show(node) {
    var id = node.getAttribute("data-id");
    var name = node.getAttribute("data-name");
    svg.querySelectorAll(".node").forEach(function (n) { n.classList.toggle("dim", n !== node); });
    var items = [];
    svg.querySelectorAll(".edge").forEach(function (e) {
      var mine = e.getAttribute("data-from") === id || e.getAttribute("data-to") === id;
      e.classList.toggle("dim", !mine);
      if (mine) {
        var other = e.getAttribute("data-from") === id ? e.getAttribute("data-to") : e.getAttribute("data-from");
        var on = svg.querySelector('.node[data-id="' + CSS.escape(other) + '"]');
        if (on) { on.classList.remove("dim"); }
        var t = e.querySelector("title");
        items.push(t ? t.textContent : "");
      }
    });
    panel.hidden = false;
    panel.textContent = "";
    var h = document.createElement("h2"); h.textContent = name; panel.appendChild(h);
    if (id.indexOf("sector:") !== 0) {
      var a = document.createElement("a"); a.href = "/organizations/" + encodeURIComponent(id); a.textContent = "Open its page"; panel.appendChild(a);
    }
    var ul = document.createElement("ul"); ul.className = "plain";
    items.forEach(function (s) { var li = document.createElement("li"); li.textContent = s; ul.appendChild(li); });
    if (!items.length) { var p = document.createElement("p"); p.className = "muted"; p.textContent = "No relationships in this view."; panel.appendChild(p); }
    panel.appendChild(ul);
  }
  svg.addEventListener("click", function (ev) {
    var node = ev.target.closest && ev.target.closest(".node");
    if (node) { show(node); }
  });
  svg.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && ev.target.classList && ev.target.classList.contains("node")) { show(ev.target); }
  });
  // PNG: draw the SVG on a canvas in the browser and save it.
  var png = document.getElementById("download-png");
  if (png) {
    png.hidden = false;
    png.addEventListener("click", function () {
      var clone = svg.cloneNode(true);
      clone.setAttribute("viewBox", home.x + " " + home.y + " " + home.w + " " + home.h);
      var data = new XMLSerializer().serializeToString(clone);
      var img = new Image();
      img.onload = function () {
        var c = document.createElement("canvas");
        c.width = home.w * 2; c.height = home.h * 2;
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
      img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(data);
    });
  }
})();
