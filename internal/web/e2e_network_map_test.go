package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"backbone/internal/demo"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/browser"
	"backbone/internal/testutil/storetest"
)

// labelClashes is JavaScript that measures, in the drawn map, every pair of
// organization names whose boxes meet and every name that lies on a
// circle, with the browser's own font metrics.
const labelClashes = `(() => {
  const svg = document.querySelector("#map svg");
  const boxes = [...svg.querySelectorAll(".labels text")].map(t => ({name: t.textContent, b: t.getBBox()}));
  const circles = [...svg.querySelectorAll(".node circle.outline")].map(c => ({name: c.closest(".node").dataset.name,
    x: c.cx.baseVal.value, y: c.cy.baseVal.value, r: c.r.baseVal.value}));
  const out = [];
  boxes.forEach((a, i) => {
    boxes.slice(i + 1).forEach(b => {
      if (a.b.x < b.b.x + b.b.width && b.b.x < a.b.x + a.b.width && a.b.y < b.b.y + b.b.height && b.b.y < a.b.y + a.b.height) {
        out.push(a.name + " / " + b.name);
      }
    });
    circles.forEach(c => {
      const nx = Math.max(a.b.x, Math.min(c.x, a.b.x + a.b.width)), ny = Math.max(a.b.y, Math.min(c.y, a.b.y + a.b.height));
      if ((nx - c.x) ** 2 + (ny - c.y) ** 2 < c.r * c.r) { out.push(a.name + " on the circle of " + c.name); }
    });
  });
  return {labels: boxes.length, clashes: out};
})()`

// TestNetworkMapInBrowser: on the demo's map, at a laptop's width and at a
// phone's, a coordinator chooses what sizes the circles, finds an
// organization by name, opens its ties (a strained one among them) from
// the keyboard and closes them with Escape; the names overlap nothing and
// the page does not scroll sideways. BACKBONE_MAP_SHOTS=dir keeps the
// screenshots there.
func TestNetworkMapInBrowser(t *testing.T) {
	b := browser.Start(t)
	db := storetest.SQLite(t)
	if _, err := demo.Load(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	a := apptest.New(t, db)
	shots := os.Getenv("BACKBONE_MAP_SHOTS")
	if shots == "" {
		shots = t.TempDir()
	}

	b.Go(a.URL + "/login")
	b.Fill("#email", "coordinator@example.org")
	b.Fill("#password", demo.Password)
	b.Submit("form[action='/login'] button[type=submit]")

	for _, width := range []int{1366, 390} {
		name := map[int]string{1366: "laptop", 390: "phone"}[width]
		b.Resize(width, 900)
		b.Go(a.URL + "/network/map")

		// The names overlap nothing, as the browser draws them.
		var geo struct {
			Labels  int
			Clashes []string
		}
		b.Eval(labelClashes, &geo)
		if geo.Labels < 20 || len(geo.Clashes) > 0 {
			t.Errorf("%s: %d names drawn; overlapping: %v", name, geo.Labels, geo.Clashes)
		}

		// Choosing a measure redraws the map at once, and the legend says it.
		b.Select("#size", "betweenness")
		b.WaitVisible("#map svg")
		if !strings.Contains(b.URL(), "size=betweenness") || !b.HasText(".map-legend", "brokerage (betweenness)") {
			t.Fatalf("%s: the size chooser did not redraw the map: %s, legend %q", name, b.URL(), b.Text(".map-legend"))
		}

		// Finding an organization highlights it and its ties and dims the rest.
		b.Fill("#map-find", "Salvation Army")
		var lit struct{ Chosen, Dim, Lit int }
		b.Eval(`({chosen: document.querySelectorAll("#map .node.chosen").length,
			dim: document.querySelectorAll("#map .node.dim").length,
			lit: document.querySelectorAll("#map .edge.lit").length})`, &lit)
		if lit.Chosen != 1 || lit.Dim < 10 || lit.Lit == 0 {
			t.Errorf("%s: search highlighted %+v", name, lit)
		}
		if !b.HasText("#map-panel", "Salvation Army") {
			t.Errorf("%s: the panel does not show the found organization", name)
		}
		b.ScreenshotWindow(filepath.Join(shots, "map-"+name+"-found.png"))

		// Enter on a focused circle opens its ties; Escape closes them.
		b.Eval(`document.querySelector("#map-panel").hidden = true`, nil)
		b.Eval(`document.querySelector('#map .node[data-name="Peninsula Family Service"]').focus()`, nil)
		b.Press("\r")
		b.WaitVisible("#map-panel")
		panel := b.Text("#map-panel")
		for _, want := range []string{"Peninsula Family Service", "Sectors:", "Brokerage:", "Salvation Army", "strained", "since 2022-04-01", "Peninsula Family Service says (survey"} {
			if !strings.Contains(panel, want) {
				t.Errorf("%s: the panel lacks %q: %q", name, want, panel)
			}
		}
		if !b.Exists(`#map-panel a[href^="/ties/"]`) || !b.Exists(`#map-panel h2 a[href^="/organizations/"]`) {
			t.Errorf("%s: the panel has no links to the ties and the organization", name)
		}
		b.ScreenshotWindow(filepath.Join(shots, "map-"+name+"-panel.png"))
		var inPanel bool
		b.Eval(`document.querySelector("#map-panel").contains(document.activeElement)`, &inPanel)
		if !inPanel {
			t.Errorf("%s: the panel opened from the keyboard does not have the focus", name)
		}
		b.Press("\u001b")
		var closed bool
		b.Eval(
			`document.querySelector("#map-panel").hidden && document.querySelectorAll("#map .dim").length === 0`,
			&closed,
		)
		if !closed {
			t.Errorf("%s: Escape did not close the panel", name)
		}
		var back string
		b.Eval(`document.activeElement.dataset ? document.activeElement.dataset.name || "" : ""`, &back)
		if back != "Peninsula Family Service" {
			t.Errorf("%s: after Escape the focus is on %q, not back on the circle", name, back)
		}

		// One finger drags the map; two spread apart zoom in.
		var touch struct{ Panned, Zoomed bool }
		b.Eval(`(() => {
			const svg = document.querySelector("#map svg"), vb = svg.viewBox.baseVal, r = svg.getBoundingClientRect();
			const x = r.left + r.width / 2, y = r.top + r.height / 2;
			const at = (type, id, dx) => svg.dispatchEvent(new PointerEvent(type, {pointerId: id, pointerType: "touch", isPrimary: id === 1,
				clientX: x + dx, clientY: y, bubbles: true}));
			const x0 = vb.x;
			at("pointerdown", 1, 0); at("pointermove", 1, -30); at("pointermove", 1, -60); at("pointerup", 1, -60);
			const panned = vb.x > x0;
			const w0 = vb.width;
			at("pointerdown", 1, -20); at("pointerdown", 2, 20);
			at("pointermove", 1, -60); at("pointermove", 2, 60);
			at("pointerup", 1, -60); at("pointerup", 2, 60);
			return {panned: panned, zoomed: vb.width < w0 * 0.6};
		})()`, &touch)
		if !touch.Panned || !touch.Zoomed {
			t.Errorf("%s: touch %+v", name, touch)
		}

		var sideways bool
		b.Eval(`document.documentElement.scrollWidth > document.documentElement.clientWidth`, &sideways)
		if sideways {
			t.Errorf("%s: the page scrolls sideways", name)
		}
		b.Go(a.URL + "/network/map?size=services")
		b.ScreenshotWindow(filepath.Join(shots, "map-"+name+".png"))
		b.Screenshot(filepath.Join(shots, "map-"+name+"-page.png"))
	}

	// Download PNG draws the download's picture (the map with its legend)
	// in the browser: it is as large as the SVG, twice over.
	b.Eval(`(() => {
		const click = HTMLAnchorElement.prototype.click;
		HTMLAnchorElement.prototype.click = function () { if (!this.download) { click.call(this); } };
		const toBlob = HTMLCanvasElement.prototype.toBlob;
		HTMLCanvasElement.prototype.toBlob = function (done, type) {
			const c = this;
			toBlob.call(this, blob => { window.savedPNG = {width: c.width, height: c.height, size: blob.size, type: blob.type}; done(blob); }, type);
		};
		return true;
	})()`, nil)
	b.Click("#download-png")
	var img struct {
		Width, Height, Size int
		Type                string
	}
	b.Eval(`new Promise((ok, fail) => {
		const start = Date.now();
		const wait = () => {
			if (window.savedPNG) { ok(window.savedPNG); return; }
			if (Date.now() - start > 5000) { fail(new Error("no PNG saved")); return; }
			setTimeout(wait, 50);
		};
		wait();
	})`, &img)
	if img.Width != 2*960 || img.Height < 2*620 || img.Type != "image/png" || img.Size < 50000 {
		t.Errorf("the PNG is %+v, not the 960 px wide picture at twice its size", img)
	}
	if os.Getenv("BACKBONE_MAP_SHOTS") != "" {
		var svg string
		b.Eval(`fetch(document.querySelector("#download-svg").href).then(r => r.text())`, &svg)
		if err := os.WriteFile(filepath.Join(shots, "map-download.svg"), []byte(svg), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
