package sandbox

import "net/url"

// Label is a conversation label (GET /labels); labels belong to teams. Its
// json tags are the documented fields (KnownFields), in the contract's
// order.
type Label struct {
	ID        string `json:"id"`
	Object    string `json:"object"`
	Name      string `json:"name"`
	Color     string `json:"color"`
	TeamID    string `json:"team_id"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
	Extra     Extra  `json:"-"`
}

func (l Label) MarshalJSON() ([]byte, error) {
	type documented Label
	return marshalWithExtra(documented(l), l.Extra)
}

func (l *Label) UnmarshalJSON(data []byte) error {
	type documented Label
	var d documented
	extra, err := unmarshalWithExtra(data, &d, knownOf[Label]())
	*l = Label(d)
	l.Extra = extra
	return err
}

var labelColors = []string{"gray", "red", "orange", "amber", "yellow", "lime", "green", "emerald", "teal", "sky", "blue", "violet", "pink"}

// listLabels answers GET /labels.
func (s *Server) listLabels(q url.Values) (any, *apiError) {
	limit, errResp := parseLimit(q)
	if errResp != nil {
		return nil, errResp
	}
	return pageByID(s, q, "/labels?", s.org.Labels, limit, func(l Label) string { return l.ID })
}

// Labels returns the labels, newest first.
func (s *Server) Labels() []Label { return append([]Label(nil), s.org.Labels...) }
