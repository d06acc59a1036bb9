package sandbox

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Organization is everything the sandbox serves.
type Organization struct {
	ID   string
	Name string
	Tier string
	// AsOf is when the organization's data was true, RFC 3339: the
	// generator's clock (GenerateOptions.Now), or a fixture's as_of; empty
	// for a fixture without one.
	AsOf string
	// Me is GET /me's data when a fixture gave it, served verbatim; without
	// it, /me is built from the organization and the request's key.
	Me            json.RawMessage
	Conversations []Conversation
	Contacts      []Contact
	Labels        []Label
}

// GenerateOrganization builds a deterministic organization: the conversations
// of Generate, a full record for every contact they mention (and a few
// contacts without conversations: three, or with GenerateOptions.Contacts
// those nobody drew), and labels spread over three teams. Contacts and
// labels come from a random stream of their own, so that adding them left
// the conversations of every seed unchanged.
func GenerateOrganization(opts GenerateOptions) Organization {
	convs, drawnAmong := generate(opts)
	rng := rand.New(rand.NewPCG(opts.Seed+1, opts.Seed^0x5851f42d4c957f2d))
	now := opts.Now
	if now.IsZero() {
		now = defaultNow
	}
	org := Organization{
		ID:            "org_" + ulid(rng),
		Name:          "PT Sandbox Nusantara",
		Tier:          "free",
		AsOf:          now.UTC().Format(time.RFC3339Nano),
		Conversations: convs,
		Contacts:      contactsOf(convs, rng, now),
	}
	pool := realisticNames
	if opts.EdgeCases {
		pool = edgeCaseNames
	}
	wrote := len(org.Contacts)
	if opts.Contacts > 0 {
		// Exactly the contacts asked for: those nobody drew never wrote.
		seen := map[string]bool{}
		for _, c := range org.Contacts {
			seen[c.ID] = true
		}
		for _, ref := range drawnAmong {
			if !seen[ref.ID] {
				org.Contacts = append(org.Contacts, fullContact(*ref, nil, rng, now.Add(-time.Duration(rng.Int64N(int64(90*24*time.Hour))))))
			}
		}
	} else {
		for range 3 { // contacts who never wrote
			ref := ContactRef{ID: "ctc_" + ulid(rng), PhoneNumber: ptr(fmt.Sprintf("+65%d", 80000000+rng.IntN(9999999))), Name: ptr(pick(rng, pool.first))}
			org.Contacts = append(org.Contacts, fullContact(ref, nil, rng, now.Add(-time.Duration(rng.Int64N(int64(90*24*time.Hour))))))
		}
	}
	if len(org.Contacts) >= 3 && len(org.Contacts) > wrote && org.Contacts[0].PhoneNumber != nil {
		// The same person saved twice: a phone number that matches two
		// contacts, the second one who never wrote (so that no conversation
		// shows another number for them).
		org.Contacts[len(org.Contacts)-1].PhoneNumber = ptr(*org.Contacts[0].PhoneNumber)
	}
	sortContacts(org.Contacts)

	teams := []string{"team_" + ulid(rng), "team_" + ulid(rng), "team_" + ulid(rng)}
	for i, name := range []string{"VIP", "Complaint", "Billing", "Delivery", "Refund", "Lead", "Wholesale", "Follow-up 🔁", "Pelanggan setia"} {
		created := now.Add(-time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
		org.Labels = append(org.Labels, Label{
			ID: "lbl_" + ulid(rng), Object: "label", Name: name, Color: labelColors[(i*5)%len(labelColors)],
			TeamID: teams[i%len(teams)], CreatedAt: stamp(rng, created), UpdatedAt: stamp(rng, created.Add(time.Duration(rng.Int64N(int64(30*24*time.Hour))))),
		})
	}
	slices.SortStableFunc(org.Labels, func(a, b Label) int { return newestFirst(a.CreatedAt, a.ID, b.CreatedAt, b.ID) })
	return org
}

var defaultNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// contactsOf gives every contact mentioned by a conversation a full record.
func contactsOf(convs []Conversation, rng *rand.Rand, now time.Time) []Contact {
	var out []Contact
	seen := map[string]bool{}
	for _, cv := range convs {
		if cv.Contact == nil || seen[cv.Contact.ID] {
			continue
		}
		seen[cv.Contact.ID] = true
		created, err := time.Parse(time.RFC3339Nano, cv.CreatedAt)
		if err != nil {
			created = now
		}
		out = append(out, fullContact(*cv.Contact, cv.WhatsAppAccount, rng, created.Add(-time.Hour)))
	}
	return out
}

func fullContact(ref ContactRef, account *WhatsAppAccount, rng *rand.Rand, created time.Time) Contact {
	c := Contact{
		ID: ref.ID, Object: "contact", PhoneNumber: ref.PhoneNumber, Name: ref.Name,
		WhatsAppAccount: clonePtr(account), CreatedAt: stamp(rng, created),
		UpdatedAt: stamp(rng, created.Add(time.Duration(rng.Int64N(int64(48*time.Hour))))),
		Metadata:  json.RawMessage("null"),
	}
	if c.WhatsAppAccount == nil {
		c.WhatsAppAccount = &WhatsAppAccount{PhoneNumber: ptr("+6281100001111")}
	}
	if ref.Name != nil && rng.IntN(100) < 70 {
		local := strings.ToLower(strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				return r
			}
			return -1
		}, *ref.Name))
		if local == "" {
			local = "pelanggan"
		}
		c.Email = ptr(fmt.Sprintf("%s%d@example.com", local, rng.IntN(1000)))
	}
	switch n := rng.IntN(10); {
	case n < 3: // no metadata: null
	case n < 4:
		c.Metadata = json.RawMessage(`{}`)
	default:
		meta, _ := json.Marshal(map[string]any{
			"crm_id":       fmt.Sprintf("CRM-%05d", rng.IntN(100000)),
			"tier":         pick(rng, []string{"gold", "silver", "bronze"}),
			"lifetime_idr": rng.Int64N(500_000_000),
			"opted_in":     rng.IntN(2) == 0,
			"tags":         []string{pick(rng, labelPool), pick(rng, labelPool)},
			"address":      map[string]any{"city": pick(rng, []string{"Jakarta", "Surabaya", "Bandung", "Medan", "Singapore"}), "postcode": nil},
			"note":         "prefers WhatsApp — 日本語 OK",
		})
		c.Metadata = meta
	}
	return c
}
