package sandbox

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// GenerateOptions shapes a generated organization.
type GenerateOptions struct {
	Seed          uint64
	Conversations int
	// Contacts defaults to about a third of Conversations, so that the
	// contact_id filter matches several conversations per contact.
	Contacts int
	// Now anchors the timestamps; it defaults to 2026-11-01T12:00:00Z so that
	// the same seed always gives the same data.
	Now time.Time
	// EdgeCases adds what tests need and a demo should not show: names in
	// many scripts (emoji included) and unread counts beyond 32 bits. Without
	// it the organization looks like a real support team's; it still has
	// unnamed and phoneless customers, unassigned conversations and the other
	// nulls a real one has. The same seed gives the same ids, phone numbers
	// and timestamps either way.
	EdgeCases bool
}

// names are the first and last names customers get; each list of a kind has
// the same length, so that the same draw picks either.
type names struct{ first, last []string }

var (
	realisticNames = names{
		first: []string{"Siti", "Budi", "Dewi", "Agus", "Putri", "Rizky", "Andi", "Wulan", "Hendra", "Maya", "Yusuf", "Ratna", "Bayu", "Indah", "Fikri", "Lestari", "Rudi", "Nadia", "Eko", "Citra"},
		last:  []string{"Rahayu", "Santoso", "Wijaya", "Pratama", "Halim", "Saputra", "Hidayat", "Kusuma", "Nugroho", "Setiawan", "Susanto", "Gunawan", "Tan", "Lim", "Wibowo", "Sari"},
	}
	edgeCaseNames = names{
		first: []string{"Siti", "Budi", "Dewi", "Agus", "Putri", "Rizky", "José", "Zoë", "Nguyễn", "王", "محمد", "Ayşe", "Björn", "Ángel", "Ивана", "Kofi", "Priyā", "Łukasz", "Chloé", "Hana 🌸"},
		last:  []string{"Rahayu", "Santoso", "Wijaya", "Pratama", "Halim", "Núñez", "Đặng", "小明", "Al-Farsi", "Öztürk", "Søren", "Müller", "Kowalska", "O'Neil", "Tanaka", "d'Arc"},
	}
	agentNames = []string{"Rina Kusuma", "Dimas Saputra", "Ayu Lestari", "Fajar Nugroho", "Mei Lin Tan", "Gustavo Peña"}
	labelPool  = []string{"vip", "complaint", "billing", "delivery", "refund", "lead"}
)

// Generate builds a deterministic, realistic organization: several WhatsApp
// numbers and agents, unassigned and waiting conversations, null names and
// phones, null last_message_at, millisecond and second precision timestamps,
// and undocumented extra fields; with EdgeCases, also names in many scripts
// and huge unread counts.
func Generate(opts GenerateOptions) []Conversation {
	rng := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))
	now := opts.Now
	if now.IsZero() {
		now = defaultNow
	}
	nContacts := opts.Contacts
	if nContacts <= 0 {
		nContacts = opts.Conversations/3 + 1
	}
	pool := realisticNames
	if opts.EdgeCases {
		pool = edgeCaseNames
	}

	accounts := []*WhatsAppAccount{
		{PhoneNumber: ptr("+6281100001111")},
		{PhoneNumber: ptr("+6281100002222")},
		{PhoneNumber: ptr("+6591230000")},
		{PhoneNumber: nil}, // a number whose registration is still pending
	}
	agents := make([]*Agent, len(agentNames))
	for i, name := range agentNames {
		a := &Agent{ID: "usr_" + ulid(rng), Name: ptr(name), Email: ptr(strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.co.id")}
		switch i {
		case 4:
			a.Email = nil // an agent invited by phone
		case 5:
			a.Name = nil // an agent who never set a display name
		}
		agents[i] = a
	}
	contacts := make([]*ContactRef, nContacts)
	for i := range contacts {
		c := &ContactRef{ID: "ctc_" + ulid(rng)}
		if rng.IntN(100) >= 15 {
			c.Name = ptr(pool.first[rng.IntN(len(pool.first))] + " " + pool.last[rng.IntN(len(pool.last))])
		}
		if rng.IntN(100) >= 10 {
			c.PhoneNumber = ptr(fmt.Sprintf("+62%d", 8110000000+rng.Int64N(899999999)))
		}
		contacts[i] = c
	}

	out := make([]Conversation, opts.Conversations)
	for i := range out {
		created := now.Add(-time.Duration(rng.Int64N(int64(180 * 24 * time.Hour))))
		cv := Conversation{
			ID:              "cnv_" + ulid(rng),
			Object:          "conversation",
			Status:          pick(rng, []string{"open", "open", "open", "open", "open", "resolved", "resolved", "resolved", "pending", "pending"}),
			Contact:         clonePtr(contacts[rng.IntN(len(contacts))]),
			WhatsAppAccount: clonePtr(accounts[weighted(rng, []int{45, 35, 18, 2})]),
			CreatedAt:       stamp(rng, created),
		}
		if rng.IntN(100) >= 20 {
			cv.Assignee = clonePtr(agents[rng.IntN(len(agents))])
		}
		switch n := rng.IntN(100); {
		case n < 3:
			huge := 1<<40 + rng.Int64N(1<<50) // beyond 32 bits: a stuck counter
			cv.UnreadCount = huge%40 + 1
			if opts.EdgeCases {
				cv.UnreadCount = huge
			}
		case n < 60:
			cv.UnreadCount = 0
		default:
			cv.UnreadCount = rng.Int64N(40) + 1
		}
		updated := created
		if rng.IntN(100) >= 5 {
			last := created.Add(time.Duration(rng.Int64N(int64(now.Sub(created)) + 1)))
			cv.LastMessageAt = ptr(stamp(rng, last))
			if rng.IntN(100) >= 10 {
				inbound := last.Add(-time.Duration(rng.Int64N(int64(48 * time.Hour))))
				if inbound.Before(created) {
					inbound = created
				}
				cv.LastInboundAt = ptr(stamp(rng, inbound))
			}
			updated = last
		}
		cv.UpdatedAt = stamp(rng, updated)
		if rng.IntN(100) < 30 {
			cv.Extra = Extra{
				"channel":  json.RawMessage(`"whatsapp"`),
				"labels":   json.RawMessage(`["` + pick(rng, labelPool) + `"]`),
				"metadata": json.RawMessage(fmt.Sprintf(`{"crm_ref":%d,"nested":{"deep":[1,"two",null]}}`, rng.IntN(100000))),
			}
		}
		out[i] = cv
	}
	return out
}

// stamp formats t in UTC, with milliseconds about half the time: the API's
// precision varies and the provider must keep what it is given.
func stamp(rng *rand.Rand, t time.Time) string {
	t = t.UTC()
	if rng.IntN(2) == 0 {
		return t.Truncate(time.Millisecond).Format("2006-01-02T15:04:05.000Z07:00")
	}
	return t.Truncate(time.Second).Format(time.RFC3339)
}

func ulid(rng *rand.Rand) string {
	var b [26]byte
	for i := range b {
		b[i] = crockford[rng.IntN(len(crockford))]
	}
	b[0] = crockford[rng.IntN(8)] // a ULID's first character is 0–7
	return string(b[:])
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

func weighted(rng *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := rng.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

func ptr[T any](v T) *T { return &v }

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
