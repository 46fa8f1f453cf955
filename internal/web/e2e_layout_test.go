package web_test

import (
	"fmt"
	"strings"
	"testing"

	"backbone/internal/demo"
	"backbone/internal/testutil/browser"
)

// TestBrowserPhoneMenu: on a phone the header shows a Menu button that
// opens and closes the navigation; on a laptop the navigation is shown
// and the button is not. The RACI matrix's flags, which the banner points
// to, are the second column, in sight on a laptop.
func TestBrowserPhoneMenu(t *testing.T) {
	f := newDemoFixture(t)
	b := browser.Start(t)
	b.Resize(phoneWidth, phoneHeight)
	b.Go(f.a.URL + "/login")
	b.Fill("#email", "coordinator@example.org")
	b.Fill("#password", demo.Password)
	b.Submit("form[action='/login'] button[type=submit]")

	visible := func(selector string) bool {
		t.Helper()
		var ok bool
		b.Eval(
			fmt.Sprintf(
				`(() => { const el = document.querySelector(%q); return !!el && el.getClientRects().length > 0; })()`,
				selector,
			),
			&ok,
		)
		return ok
	}
	expanded := func() string {
		t.Helper()
		var v string
		b.Eval(`document.querySelector(".menu-button").getAttribute("aria-expanded")`, &v)
		return v
	}
	if !visible(".menu-button") || visible("nav[aria-label=Main]") || expanded() != "false" {
		t.Fatalf("on a phone the menu should be folded behind its button: button %v, nav %v, expanded %s",
			visible(".menu-button"), visible("nav[aria-label=Main]"), expanded())
	}
	b.Click(".menu-button")
	if !visible("nav[aria-label=Main]") || !visible("form[action='/logout'] button") || expanded() != "true" {
		t.Fatalf(
			"the Menu button does not open the navigation: nav %v, expanded %s",
			visible("nav[aria-label=Main]"),
			expanded(),
		)
	}
	b.Submit("nav a[href='/network']")
	if !b.HasText("h1", "Relationships") {
		t.Fatalf("the menu's link did not lead to the relationships: %s", b.URL())
	}
	b.Click(".menu-button")
	b.Click(".menu-button")
	if visible("nav[aria-label=Main]") || expanded() != "false" {
		t.Fatal("the Menu button does not close the navigation")
	}

	// An initiative's tabs are one row on a phone, scrolled so that the
	// current tab (the last one here) is in view.
	b.Go(fmt.Sprintf("%s/initiatives/%d/access", f.a.URL, f.res.InitiativeID))
	var tabs struct {
		Rows            int
		Left, Right, VW float64
	}
	b.Eval(`(() => {
		const links = Array.from(document.querySelectorAll(".subnav a"));
		const tops = new Set(links.map(a => Math.round(a.getBoundingClientRect().top)));
		const cur = document.querySelector('.subnav a[aria-current="page"]').getBoundingClientRect();
		return {rows: tops.size, left: cur.left, right: cur.right, vw: document.documentElement.clientWidth};
	})()`, &tabs)
	if tabs.Rows != 1 || tabs.Left < 0 || tabs.Right > tabs.VW {
		t.Errorf("on a phone the initiative's tabs should be one row with the current tab in view: %+v", tabs)
	}

	b.Resize(desktopWidth, desktopHeight)
	if visible(".menu-button") || !visible("nav[aria-label=Main]") {
		t.Fatal("on a laptop the navigation should show without a Menu button")
	}

	b.Go(fmt.Sprintf("%s/initiatives/%d/work/raci", f.a.URL, f.res.InitiativeID))
	if got := b.Text("#raci thead th:nth-child(2)"); got != "Flags" {
		t.Fatalf("the RACI matrix's second column is %q, want Flags", got)
	}
	var right float64
	b.Eval(`document.querySelector("#raci thead th:nth-child(2)").getBoundingClientRect().right`, &right)
	if right > desktopWidth {
		t.Errorf("the Flags column ends at %.0f px, outside a %d px screen", right, desktopWidth)
	}
	if flags := b.Text("#raci tbody td.flags"); strings.TrimSpace(flags) == "" {
		t.Error("the first activity's flags cell is empty")
	}
}
