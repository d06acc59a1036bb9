package sandbox

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

var phonePattern = regexp.MustCompile(`^\+[1-9]\d{6,14}$`)

// listContacts answers GET /contacts: filters phone (exact E.164) and search
// (1–200 characters, partial and case-insensitive on name and email).
func (s *Server) listContacts(q url.Values) (any, *apiError) {
	limit, errResp := parseLimit(q)
	if errResp != nil {
		return nil, errResp
	}
	phone, search := q.Get("phone"), q.Get("search")
	if q.Has("phone") && !phonePattern.MatchString(phone) {
		return nil, invalid("invalid_phone_number", "phone", "phone must be an E.164 number such as +6281234567890.")
	}
	if q.Has("search") && (utf8.RuneCountInString(search) < 1 || utf8.RuneCountInString(search) > 200) {
		return nil, invalid("invalid_field_value", "search", "search must be 1 to 200 characters.")
	}
	filters := url.Values{}
	for _, k := range []string{"phone", "search"} {
		if q.Has(k) {
			filters.Set(k, q.Get(k))
		}
	}
	needle := strings.ToLower(search)
	var matching []Contact
	for _, c := range s.org.Contacts {
		if q.Has("phone") && (c.PhoneNumber == nil || *c.PhoneNumber != phone) {
			continue
		}
		if q.Has("search") && !containsFold(c.Name, needle) && !containsFold(c.Email, needle) {
			continue
		}
		matching = append(matching, c)
	}
	return pageByID(s, q, "/contacts?"+filters.Encode(), matching, limit, func(c Contact) string { return c.ID })
}

func containsFold(p *string, lowerNeedle string) bool {
	return p != nil && strings.Contains(strings.ToLower(*p), lowerNeedle)
}

// getContact answers GET /contacts/{id}; an unknown id is a 404.
func (s *Server) getContact(id string) (any, *apiError) {
	for _, c := range s.org.Contacts {
		if c.ID == id {
			return map[string]any{"data": c}, nil
		}
	}
	return nil, &apiError{status: http.StatusNotFound, Type: "not_found", Code: "resource_not_found", Param: "id",
		Message: "No contact with this id exists in the organization."}
}

// listLabels answers GET /labels.
func (s *Server) listLabels(q url.Values) (any, *apiError) {
	limit, errResp := parseLimit(q)
	if errResp != nil {
		return nil, errResp
	}
	return pageByID(s, q, "/labels?", s.org.Labels, limit, func(l Label) string { return l.ID })
}

// me answers GET /me for the key the request carries: a fixture's own, or
// built from the organization.
func (s *Server) me(r *http.Request) any {
	if s.org.Me != nil {
		return map[string]any{"data": s.org.Me}
	}
	return map[string]any{"data": s.builtMe(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))}
}

func (s *Server) builtMe(key string) map[string]any {
	last4 := key[max(0, len(key)-4):]
	return map[string]any{
		"organization": map[string]any{"id": s.org.ID, "object": "organization", "name": s.org.Name},
		"api_key":      map[string]any{"id": "key_" + strings.Repeat("0", 22) + strings.ToUpper(last4), "object": "api_key", "label": "Sandbox key", "last4": last4},
		"rate_limits":  map[string]any{"tier": s.org.Tier, "write_per_minute": 60, "read_per_minute": s.bucket.perMinute},
	}
}

// Fixture is the organization the server serves now, as a whole-organization
// fixture (-dump-fixture), with /me as the key apiKey sees it.
func (s *Server) Fixture(apiKey string) (Fixture, error) {
	me := s.org.Me
	if me == nil {
		var err error
		if me, err = json.Marshal(s.builtMe(apiKey)); err != nil {
			return Fixture{}, err
		}
	}
	return Fixture{Me: me, Conversations: s.Conversations(), Contacts: s.Contacts(), Labels: s.Labels()}, nil
}

// pageByID serves one page of items, with cursors that hold the id of the
// page's last item.
func pageByID[T any](s *Server, q url.Values, filterKey string, items []T, limit int, id func(T) string) (any, *apiError) {
	start := 0
	pos, ok, errResp := s.cursorFrom(q, filterKey)
	if errResp != nil {
		return nil, errResp
	}
	if ok {
		start = -1
		for i, item := range items {
			if id(item) == pos.ID {
				start = i + 1
				break
			}
		}
		if start < 0 {
			return nil, invalid("invalid_cursor", "cursor", "The cursor points at an item that no longer exists; start again without it.")
		}
	}
	end := min(start+limit, len(items))
	page := items[start:end]
	var next any
	if end < len(items) {
		next = s.cursors.encode(cursorPosition{Filters: filterKey, ID: id(page[len(page)-1])})
	}
	if page == nil {
		page = []T{}
	}
	return map[string]any{"object": "list", "data": page, "has_more": end < len(items), "next_cursor": next}, nil
}

// Contacts returns the contacts, newest first.
func (s *Server) Contacts() []Contact { return append([]Contact(nil), s.org.Contacts...) }

// Labels returns the labels, newest first.
func (s *Server) Labels() []Label { return append([]Label(nil), s.org.Labels...) }

// OrganizationInfo returns the organization's id, name and tier.
func (s *Server) OrganizationInfo() (id, name, tier string) { return s.org.ID, s.org.Name, s.org.Tier }
