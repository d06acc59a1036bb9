package sandbox

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Contact is the sandbox's record of a contact (GET /contacts). Its json
// tags are the documented fields (KnownFields), in the contract's order.
type Contact struct {
	ID              string           `json:"id"`
	Object          string           `json:"object"`
	PhoneNumber     *string          `json:"phone_number"`
	Name            *string          `json:"name"`
	Email           *string          `json:"email"`
	Metadata        json.RawMessage  `json:"metadata"` // free-form; "null" when absent
	WhatsAppAccount *WhatsAppAccount `json:"whatsapp_account"`
	CreatedAt       string           `json:"created_at"`
	UpdatedAt       string           `json:"updated_at"`
	Extra           Extra            `json:"-"`
}

func (c Contact) MarshalJSON() ([]byte, error) {
	type documented Contact
	return marshalWithExtra(documented(c), c.Extra)
}

func (c *Contact) UnmarshalJSON(data []byte) error {
	type documented Contact
	var d documented
	extra, err := unmarshalWithExtra(data, &d, knownOf[Contact]())
	*c = Contact(d)
	c.Extra = extra
	return err
}

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

// getContact answers GET /contacts/{id}, matching the id as /conversations'
// contact_id filter does (sameContactID); an unknown id is a 404.
func (s *Server) getContact(id string) (any, *apiError) {
	for _, c := range s.org.Contacts {
		if sameContactID(c.ID, id) {
			return map[string]any{"data": c}, nil
		}
	}
	return nil, &apiError{status: http.StatusNotFound, Type: "not_found", Code: "resource_not_found", Param: "id",
		Message: "No contact with this id exists in the organization."}
}

// Contacts returns the contacts, newest first.
func (s *Server) Contacts() []Contact { return append([]Contact(nil), s.org.Contacts...) }

func sortContacts(cs []Contact) {
	slices.SortStableFunc(cs, func(a, b Contact) int { return newestFirst(a.CreatedAt, a.ID, b.CreatedAt, b.ID) })
}

// newestFirst orders by creation time descending, then id descending.
func newestFirst(aAt, aID, bAt, bID string) int {
	ta, errA := time.Parse(time.RFC3339Nano, aAt)
	tb, errB := time.Parse(time.RFC3339Nano, bAt)
	if errA == nil && errB == nil && !ta.Equal(tb) {
		return tb.Compare(ta)
	}
	return strings.Compare(bID, aID)
}

// contactsFromConversations makes minimal contact records for a fixture that
// holds conversations only.
func contactsFromConversations(convs []Conversation) []Contact {
	var out []Contact
	seen := map[string]bool{}
	for _, cv := range convs {
		if cv.Contact == nil || seen[cv.Contact.ID] {
			continue
		}
		seen[cv.Contact.ID] = true
		out = append(out, Contact{ID: cv.Contact.ID, Object: "contact", PhoneNumber: cv.Contact.PhoneNumber, Name: cv.Contact.Name,
			Metadata: json.RawMessage("null"), WhatsAppAccount: clonePtr(cv.WhatsAppAccount), CreatedAt: cv.CreatedAt, UpdatedAt: cv.UpdatedAt})
	}
	sortContacts(out)
	return out
}
