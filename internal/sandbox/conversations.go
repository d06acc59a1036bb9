package sandbox

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Conversation is the sandbox's record of one conversation, shaped by the API
// contract (not by the client). Nullable fields are pointers; Extra holds
// fields the contract does not document, which the API may add at any time.
// Its json tags are the documented fields (KnownFields), in the contract's
// order.
type Conversation struct {
	ID              string           `json:"id"`
	Object          string           `json:"object"`
	Status          string           `json:"status"`
	Contact         *ContactRef      `json:"contact"`
	WhatsAppAccount *WhatsAppAccount `json:"whatsapp_account"`
	Assignee        *Agent           `json:"assignee"`
	UnreadCount     int64            `json:"unread_count"`
	LastMessageAt   *string          `json:"last_message_at"`
	LastInboundAt   *string          `json:"last_inbound_at"`
	CreatedAt       string           `json:"created_at"`
	UpdatedAt       string           `json:"updated_at"`
	Extra           Extra            `json:"-"`
}

// ContactRef is the contact as embedded in a conversation.
type ContactRef struct {
	ID          string  `json:"id"`
	PhoneNumber *string `json:"phone_number"`
	Name        *string `json:"name"`
	Extra       Extra   `json:"-"`
}

// WhatsAppAccount is a connected WhatsApp number.
type WhatsAppAccount struct {
	PhoneNumber *string `json:"phone_number"`
	Extra       Extra   `json:"-"`
}

// Agent is a member of the organization a conversation can be assigned to.
type Agent struct {
	ID    string  `json:"id"`
	Name  *string `json:"name"`
	Email *string `json:"email"`
	Extra Extra   `json:"-"`
}

// MarshalJSON and UnmarshalJSON of the conversation's records: the
// documented fields, then the extras (extra.go).

func (c Conversation) MarshalJSON() ([]byte, error) {
	type documented Conversation
	return marshalWithExtra(documented(c), c.Extra)
}

func (c *Conversation) UnmarshalJSON(data []byte) error {
	type documented Conversation
	var d documented
	extra, err := unmarshalWithExtra(data, &d, knownOf[Conversation]())
	*c = Conversation(d)
	c.Extra = extra
	return err
}

func (c ContactRef) MarshalJSON() ([]byte, error) {
	type documented ContactRef
	return marshalWithExtra(documented(c), c.Extra)
}

func (c *ContactRef) UnmarshalJSON(data []byte) error {
	type documented ContactRef
	var d documented
	extra, err := unmarshalWithExtra(data, &d, knownOf[ContactRef]())
	*c = ContactRef(d)
	c.Extra = extra
	return err
}

func (a WhatsAppAccount) MarshalJSON() ([]byte, error) {
	type documented WhatsAppAccount
	return marshalWithExtra(documented(a), a.Extra)
}

func (a *WhatsAppAccount) UnmarshalJSON(data []byte) error {
	type documented WhatsAppAccount
	var d documented
	extra, err := unmarshalWithExtra(data, &d, knownOf[WhatsAppAccount]())
	*a = WhatsAppAccount(d)
	a.Extra = extra
	return err
}

func (a Agent) MarshalJSON() ([]byte, error) {
	type documented Agent
	return marshalWithExtra(documented(a), a.Extra)
}

func (a *Agent) UnmarshalJSON(data []byte) error {
	type documented Agent
	var d documented
	extra, err := unmarshalWithExtra(data, &d, knownOf[Agent]())
	*a = Agent(d)
	a.Extra = extra
	return err
}

// SetConversations replaces the data served.
func (s *Server) SetConversations(convs []Conversation) {
	sorted := slices.Clone(convs)
	slices.SortStableFunc(sorted, func(a, b Conversation) int { return compareKeys(sortKeyOf(a), sortKeyOf(b)) })
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sorted = sorted
	s.filtered = map[string][]Conversation{}
}

// Insert adds conversations while clients may be paging, as live traffic does.
func (s *Server) Insert(convs ...Conversation) {
	s.mu.Lock()
	all := append(slices.Clone(s.sorted), convs...)
	s.mu.Unlock()
	s.SetConversations(all)
}

// Conversations returns the data in the API's order.
func (s *Server) Conversations() []Conversation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sorted)
}

// sortKey orders conversations newest-active first, NULLS LAST, then by id.
type sortKey struct {
	hasTime bool
	at      time.Time
	raw     string
	id      string
}

func sortKeyOf(c Conversation) sortKey {
	k := sortKey{id: c.ID}
	if c.LastMessageAt != nil {
		if t, err := time.Parse(time.RFC3339Nano, *c.LastMessageAt); err == nil {
			k.hasTime, k.at, k.raw = true, t, *c.LastMessageAt
		}
	}
	return k
}

func compareKeys(a, b sortKey) int {
	switch {
	case a.hasTime && !b.hasTime:
		return -1
	case !a.hasTime && b.hasTime:
		return 1
	case a.hasTime && !a.at.Equal(b.at):
		return b.at.Compare(a.at) // newest first
	}
	return strings.Compare(b.id, a.id)
}

var (
	contactIDPattern = regexp.MustCompile(`(?i)^ctc_[0-9A-HJKMNP-TV-Z]{26}$`)
	statuses         = []string{"open", "resolved", "pending"}
)

// sameContactID compares contact ids as the API does: Crockford base32 is
// case-insensitive, so ctc_01hx… and ctc_01HX… are one contact.
func sameContactID(a, b string) bool { return strings.EqualFold(a, b) }

// listConversations answers GET /conversations.
func (s *Server) listConversations(q url.Values) (any, *apiError) {
	limit, errResp := parseLimit(q)
	if errResp != nil {
		return nil, errResp
	}
	status, contactID := q.Get("status"), q.Get("contact_id")
	if q.Has("status") && !slices.Contains(statuses, status) {
		return nil, invalid("invalid_field_value", "status", "status must be one of open, resolved, pending.")
	}
	if q.Has("contact_id") && !contactIDPattern.MatchString(contactID) {
		return nil, invalid("invalid_field_value", "contact_id", "contact_id must be a contact id (ctc_ followed by 26 characters).")
	}
	filters := url.Values{}
	if q.Has("status") {
		filters.Set("status", status)
	}
	if q.Has("contact_id") {
		filters.Set("contact_id", "ctc_"+strings.ToUpper(contactID[4:]))
	}
	filterKey := "/conversations?" + filters.Encode()

	matching := s.matchingConversations(filterKey, func(c *Conversation) bool {
		return (status == "" || c.Status == status) && (contactID == "" || c.Contact != nil && sameContactID(c.Contact.ID, contactID))
	})

	start := 0
	if pos, ok, errResp := s.cursorFrom(q, filterKey); errResp != nil {
		return nil, errResp
	} else if ok {
		start = min(positionAfter(matching, pos), len(matching))
	}
	end := min(start+limit, len(matching))
	page, hasMore := matching[start:end], end < len(matching)

	var next any
	if hasMore {
		last := sortKeyOf(page[len(page)-1])
		pos := cursorPosition{Filters: filterKey, LastMessageAt: last.raw, ID: last.id}
		if s.offsetCursors {
			pos.Offset = end
		}
		next = s.cursors.encode(pos)
	}
	return listPage(page, hasMore, next), nil
}

// positionAfter is the index in all (sorted, filtered) where the page after
// the cursor starts.
func positionAfter(all []Conversation, pos cursorPosition) int {
	if pos.Offset > 0 {
		return pos.Offset
	}
	after := sortKey{id: pos.ID}
	if pos.LastMessageAt != "" {
		after.at, _ = time.Parse(time.RFC3339Nano, pos.LastMessageAt)
		after.hasTime = true
	}
	i, found := slices.BinarySearchFunc(all, after, func(c Conversation, k sortKey) int { return compareKeys(sortKeyOf(c), k) })
	if found {
		i++
	}
	return i
}

// matchingConversations is the sorted list narrowed by a filter, computed
// once per filter set and data version: draining N rows then costs O(N), not
// O(N²).
func (s *Server) matchingConversations(filterKey string, keep func(*Conversation) bool) []Conversation {
	s.mu.Lock()
	defer s.mu.Unlock()
	if filterKey == "/conversations?" {
		return s.sorted
	}
	if cached, ok := s.filtered[filterKey]; ok {
		return cached
	}
	var matching []Conversation
	for i := range s.sorted {
		if keep(&s.sorted[i]) {
			matching = append(matching, s.sorted[i])
		}
	}
	s.filtered[filterKey] = matching
	return matching
}

// insertAtHead adds n conversations that are newer than every other one
// (Fault.InsertAtHead: live traffic during a drain).
func (s *Server) insertAtHead(n int) {
	s.mu.Lock()
	s.inserted++
	seed := uint64(1_000_000 + s.inserted)
	s.mu.Unlock()
	fresh := Generate(GenerateOptions{Seed: seed, Conversations: n})
	at := s.now().UTC().Add(24 * time.Hour)
	for i := range fresh {
		stamp := at.Add(time.Duration(n-i) * time.Second).Format(time.RFC3339)
		fresh[i].Status = "open"
		fresh[i].LastMessageAt = &stamp
		fresh[i].UpdatedAt = stamp
	}
	s.Insert(fresh...)
}
