package sandbox

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// GenerateOptions shapes a generated organization. The zero value of each
// knob (Contacts, Agents, WhatsAppNumbers, StatusMix, Unassigned) is the
// default organization's, which the tests and examples name by its ids.
type GenerateOptions struct {
	Seed          uint64
	Conversations int
	// Contacts is how many contacts the conversations are drawn among.
	// Given, the organization has exactly this many contacts, those nobody
	// drew having never written. It defaults to about a third of
	// Conversations, so that the contact_id filter matches several
	// conversations per contact, and the organization then has three
	// contacts more, who never wrote.
	Contacts int
	// Agents is how many agents conversations are assigned to (default 6).
	// An organization whose conversations nobody is assigned to is
	// Unassigned 1.
	Agents int
	// WhatsAppNumbers is how many WhatsApp numbers the conversations come
	// in on (default 4); the first carry most of them and, from four on,
	// the last is still pending registration (phone_number null).
	WhatsAppNumbers int
	// StatusMix is how often each status is drawn (default open 50,
	// pending 20, resolved 30).
	StatusMix StatusMix
	// Unassigned is the share of conversations nobody is assigned to, 0 to
	// 1 in hundredths (nil: 0.2).
	Unassigned *float64
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
//
// The knobs are not checked here: Validate says what is wrong with them.
func Generate(opts GenerateOptions) []Conversation {
	convs, _ := generate(opts)
	return convs
}

// generate is Generate, and the contacts the conversations were drawn
// among.
func generate(opts GenerateOptions) ([]Conversation, []*ContactRef) {
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

	accounts, accountWeights := whatsAppNumbers(opts.WhatsAppNumbers)
	nAgents := opts.Agents
	if nAgents <= 0 {
		nAgents = len(agentNames)
	}
	agents := make([]*Agent, nAgents)
	for i := range agents {
		name := agentName(i)
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

	statusWeights := opts.StatusMix.weights()
	unassigned := 20
	if opts.Unassigned != nil {
		unassigned = int(math.Round(*opts.Unassigned * 100))
	}
	out := make([]Conversation, opts.Conversations)
	for i := range out {
		created := now.Add(-time.Duration(rng.Int64N(int64(180 * 24 * time.Hour))))
		cv := Conversation{
			ID:              "cnv_" + ulid(rng),
			Object:          "conversation",
			Status:          statusOrder[weighted(rng, statusWeights)],
			Contact:         clonePtr(contacts[rng.IntN(len(contacts))]),
			WhatsAppAccount: clonePtr(accounts[weighted(rng, accountWeights)]),
			CreatedAt:       stamp(rng, created),
		}
		if rng.IntN(100) >= unassigned {
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
	return out, contacts
}

// agentName is the name of the organization's i-th agent: the six of the
// default organization, then names from the customers' pool, numbered once
// those run out.
func agentName(i int) string {
	if i < len(agentNames) {
		return agentNames[i]
	}
	k := i - len(agentNames)
	first, last := realisticNames.first, realisticNames.last
	name := first[k%len(first)] + " " + last[(k/len(first))%len(last)]
	if n := k / (len(first) * len(last)); n > 0 {
		name += fmt.Sprintf(" %d", n+1)
	}
	return name
}

// whatsAppNumbers are the organization's n WhatsApp numbers (0: the
// default four) and how often each is drawn: the default's first three,
// carrying most conversations, then numbers of their own, and from four on
// the default's fourth, still pending registration, last.
func whatsAppNumbers(n int) ([]*WhatsAppAccount, []int) {
	if n <= 0 {
		n = 4
	}
	registered := []string{"+6281100001111", "+6281100002222", "+6591230000"}
	weights := []int{45, 35, 18}
	var accounts []*WhatsAppAccount
	var out []int
	for i := range n {
		switch {
		case n >= 4 && i == n-1:
			accounts = append(accounts, &WhatsAppAccount{PhoneNumber: nil}) // a number whose registration is still pending
			out = append(out, 2)
		case i < len(registered):
			accounts = append(accounts, &WhatsAppAccount{PhoneNumber: ptr(registered[i])})
			out = append(out, weights[i])
		default:
			accounts = append(accounts, &WhatsAppAccount{PhoneNumber: ptr(fmt.Sprintf("+62812%08d", (i-len(registered)+1)*1111))})
			out = append(out, 10)
		}
	}
	return accounts, out
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
