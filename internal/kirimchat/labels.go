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
}

// LabelColors are the documented values of a label's color.
var LabelColors = []string{"gray", "red", "orange", "amber", "yellow", "lime", "green", "emerald", "teal", "sky",
	"blue", "violet", "pink"}

var labelFields = []string{"id", "object", "name", "color", "team_id", "created_at", "updated_at"}

func readLabel(d *decoder, l *Label) error {
	return d.object(labelFields, func(name string) (err error) {
		switch name {
		case "id":
			l.ID, err = d.id("lbl_")
		case "object":
			l.Object, err = d.objectIs("label")
		case "name":
			l.Name, err = d.str()
		case "color":
			l.Color, err = d.str()
		case "team_id":
			l.TeamID, err = d.str()
		case "created_at":
			l.CreatedAt, err = d.timestamp()
		case "updated_at":
			l.UpdatedAt, err = d.timestamp()
		}
		return err
	})
}

// RecordID is the label's id.
func (l Label) RecordID() string { return l.ID }

// ListLabels drains every page of GET /labels.
func (c *Client) ListLabels(ctx context.Context, opts ListLabelsOptions) (ListResult[Label], error) {
	return drain(ctx, c, drainRequest[Label]{
		path:         "/labels",
		maxResults:   opts.MaxResults,
		read:         readLabel,
		unrecognized: unrecognizedColor,
		eachPage:     opts.EachPage,
	})
}

func unrecognizedColor(l *Label) string {
	if slices.Contains(LabelColors, l.Color) {
		return ""
	}
	return fmt.Sprintf("label color %q", l.Color)
}
