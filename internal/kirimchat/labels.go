package kirimchat

import (
	"context"
	"fmt"
	"slices"
)

// Label is one element of GET /labels.
type Label struct {
	ID        string `json:"id"`
	Object    string `json:"object"`
	Name      string `json:"name"`
	Color     string `json:"color"`
	TeamID    string `json:"team_id"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

// ListLabelsOptions bounds GET /labels, which has no documented filters.
type ListLabelsOptions struct {
	MaxResults int
	// EachPage, when set, receives each page's new labels as it arrives.
	EachPage func([]Label) error
	// EachRawPage, when set, receives each page's new labels with the JSON
	// text the API sent for each, once the strict reader has accepted it
	// (after EachPage, if that is set too); they are then not collected
	// into the result's Items. The provider never sets it: it is for
	// kirimchat-sandbox -record, which keeps fields no reader reads.
	EachRawPage func([]RawRecord[Label]) error
}

// LabelColors are the documented values of a label's color.
var LabelColors = []string{"gray", "red", "orange", "amber", "yellow", "lime", "green", "emerald", "teal", "sky",
	"blue", "violet", "pink"}

// labelFields are the documented fields of a label.
var labelFields = fields[Label]{
	required("id", func(d *decoder, l *Label) (err error) { l.ID, err = d.id("lbl_"); return }),
	required("object", func(d *decoder, l *Label) (err error) { l.Object, err = d.objectIs("label"); return }),
	required("name", func(d *decoder, l *Label) (err error) { l.Name, err = d.str(); return }),
	required("color", func(d *decoder, l *Label) (err error) { l.Color, err = d.str(); return }),
	required("team_id", func(d *decoder, l *Label) (err error) { l.TeamID, err = d.str(); return }),
	required("created_at", func(d *decoder, l *Label) (err error) { l.CreatedAt, err = d.timestamp(); return }),
	required("updated_at", func(d *decoder, l *Label) (err error) { l.UpdatedAt, err = d.timestamp(); return }),
}

// RecordID is the label's id.
func (l Label) RecordID() string { return l.ID }

// ListLabels drains every page of GET /labels.
func (c *Client) ListLabels(ctx context.Context, opts ListLabelsOptions) (ListResult[Label], error) {
	return drain(ctx, c, drainRequest[Label]{
		path:         "/labels",
		maxResults:   opts.MaxResults,
		read:         labelFields.readObject,
		unrecognized: unrecognizedColor,
		eachPage:     opts.EachPage,
		eachRawPage:  opts.EachRawPage,
	})
}

func unrecognizedColor(l *Label) string {
	if slices.Contains(LabelColors, l.Color) {
		return ""
	}
	return fmt.Sprintf("label color %q", l.Color)
}
