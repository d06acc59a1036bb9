package kirimchat

import "context"

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

// RecordID is the label's id.
func (l Label) RecordID() string { return l.ID }

// ListLabels drains every page of GET /labels.
func (c *Client) ListLabels(ctx context.Context, opts ListLabelsOptions) (ListResult[Label], error) {
	return drain(ctx, c, drainRequest[Label]{
		path:       "/labels",
		maxResults: opts.MaxResults,
		eachPage:   opts.EachPage,
	})
}
