package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/network"
)

// blankSectorRows is how many empty rows the form offers for new sectors.
const blankSectorRows = 3

type gapSectorsData struct {
	Rows      []gapSectorRow
	Directory []string
	CanEdit   bool
	Error     string
}

type gapSectorRow struct {
	Name, Matches string
	Problem       string
}

// gapSectors shows the sectors service gaps are found in, and lets a
// steward add, rename, regroup and remove them.
func (h *handler) gapSectors(w http.ResponseWriter, r *http.Request) error {
	list, err := h.Network.GapSectors(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}

	d := gapSectorsData{Directory: directory.Sectors}
	if d.CanEdit, err = h.may(r, account.ConfigureNetwork, account.Platform); err != nil {
		return err
	}
	for _, g := range list {
		d.Rows = append(d.Rows, gapSectorRow{Name: g.Name, Matches: strings.Join(g.Matches, ", ")})
	}
	h.renderGapSectors(w, r, http.StatusOK, d)
	return nil
}

func (h *handler) renderGapSectors(w http.ResponseWriter, r *http.Request, status int, d gapSectorsData) {
	if d.CanEdit {
		for range blankSectorRows {
			d.Rows = append(d.Rows, gapSectorRow{})
		}
	}
	h.render(w, r, status, "network_gap_sectors", "Service-gap sectors", "network", d)
}

// gapSectorsSave replaces the list from the form: rows name[i], matches[i]
// (comma-separated directory sectors) and remove[i]; or, with reset, goes
// back to the built-in list. The network store checks the user may
// (account.ConfigureNetwork).
func (h *handler) gapSectorsSave(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	if err := r.ParseForm(); err != nil {
		return &errs.ValidationError{Fields: map[string]string{"sectors": "the form could not be read"}}
	}
	if r.PostForm.Get("reset") != "" {
		if err := h.Network.ResetGapSectors(ctx, actor); err != nil {
			return err
		}
		h.setFlash(w, r, "success", "The service-gap sectors are back to the built-in list.")
		redirect(w, r, "/network/gaps/sectors")
		return nil
	}
	var list []network.GapSector
	var rows []gapSectorRow
	for i := 0; i < 200; i++ {
		name, ok := r.PostForm[fmt.Sprintf("name[%d]", i)]
		if !ok {
			break
		}
		matches := r.PostForm.Get(fmt.Sprintf("matches[%d]", i))
		if r.PostForm.Get(fmt.Sprintf("remove[%d]", i)) != "" {
			continue
		}
		list = append(list, network.GapSector{Name: name[0], Matches: strings.Split(matches, ",")})
		rows = append(rows, gapSectorRow{Name: name[0], Matches: matches})
	}
	_, err := h.Network.SetGapSectors(ctx, actor, list)
	var v *errs.ValidationError
	if errors.As(err, &v) {
		for i := range rows {
			for _, part := range []string{"name", "matches"} {
				if msg, ok := v.Fields[fmt.Sprintf("sectors[%d].%s", i, part)]; ok && rows[i].Problem == "" {
					rows[i].Problem = part + ": " + msg
				}
			}
		}
		h.renderGapSectors(w, r, http.StatusUnprocessableEntity, gapSectorsData{Rows: rows, Directory: directory.Sectors, CanEdit: true,
			Error: "Nothing was saved: " + v.Error()})
		return nil
	}
	if err != nil {
		return err
	}

	h.setFlash(w, r, "success", "The service-gap sectors are saved.")
	redirect(w, r, "/network/gaps/sectors")
	return nil
}
