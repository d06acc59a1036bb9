package recorder_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// sourceKey is the "real" key recordings are made with in these tests: its
// last four characters hold a "_", which no pseudonym, id or timestamp does,
// so a scan finds them only if they were kept.
const sourceKey = "kdv_live_recordSOURCEsource_x7"

// organization is a fixture of an organization to record: n conversations
// over contacts of several countries, every nullable field null somewhere,
// personal values in many scripts (and characters JSON and HTML escape),
// two contacts sharing a phone number, two sharing a name, metadata of
// every JSON type at several depths, and members the contract does not
// document at every level.
func organization(t testing.TB, n int) []byte {
	t.Helper()
	phones := []string{"+6281234567890", "+6591234567", "+14155550123", "+447700900123", "+35312345678", "+79161234567", "+628119988776"}
	first := []string{"Siti", "Budi", "Zoë", "王", "Hana 🌸", "O'Neil", "Ann <b>&</b>", "Łukasz"}
	last := []string{"Saputra", "Núñez", "小明", "Al-Farsi", "d'Arc", "Wibowo"}
	at := func(minutes int) string {
		return time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC).Add(time.Duration(minutes) * time.Minute).Format(time.RFC3339)
	}
	atMillis := func(minutes int) string {
		return time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC).Add(time.Duration(minutes)*time.Minute + 123*time.Millisecond).Format("2006-01-02T15:04:05.000Z07:00")
	}

	nContacts := n/3 + 2
	contacts := make([]map[string]any, nContacts)
	refs := make([]map[string]any, nContacts)
	for i := range contacts {
		var name, phone, email any
		name = fmt.Sprintf("%s %s %d", first[i%len(first)], last[i%len(last)], i)
		phone = fmt.Sprintf("%s%d", phones[i%len(phones)][:len(phones[i%len(phones)])-2], 10+i%90)
		email = fmt.Sprintf("person.%d@corp-%d.example.org", i, i)
		switch i % 9 {
		case 3:
			name = nil
		case 4:
			phone = nil
		case 5:
			email = nil
		}
		if i == 7 {
			name = contacts[6]["name"] // two people of one name
		}
		if i == 8 {
			phone = contacts[1]["phone_number"] // one person saved twice
		}
		var metadata any
		switch i % 4 {
		case 0:
			metadata = nil
		case 1:
			metadata = map[string]any{}
		default:
			metadata = map[string]any{
				"crm_id":       fmt.Sprintf("CRM-SECRET-%04d", i),
				"lifetime_idr": 987654321000 + i,
				"score":        12.5 + float64(i),
				"opted_in":     i%2 == 0,
				"postcode":     nil,
				"tags":         []any{fmt.Sprintf("tag-secret-%d", i), "shared-secret-tag", 4242000 + i},
				"address":      map[string]any{"street": fmt.Sprintf("Jalan Rahasia %d", i), "city": "Kota Rahasia", "geo": []any{-6.2001, 106.8166}},
				"history":      []any{[]any{map[string]any{"note": fmt.Sprintf("deep-secret-%d", i), "at": nil}}},
				"empty":        "",
			}
		}
		account := map[string]any{"phone_number": "+6281100001111"}
		if i%5 == 0 {
			account = map[string]any{"phone_number": "+6591230000", "verified": true}
		}
		contact := map[string]any{
			"id": fmt.Sprintf("ctc_%026d", i+1), "object": "contact", "phone_number": phone, "name": name, "email": email,
			"metadata": metadata, "whatsapp_account": account, "created_at": at(-10000 + i*7), "updated_at": atMillis(-9000 + i*7),
		}
		if i%3 == 0 {
			contact["loyalty"] = map[string]any{"points": 1250 + i, "card": map[string]any{"level": "silver"}}
		}
		contacts[i] = contact
		refs[i] = map[string]any{"id": contact["id"], "phone_number": phone, "name": name}
	}

	agents := []any{
		nil,
		map[string]any{"id": "usr_00000000000000000000000001", "name": "Rina Kusuma", "email": "rina.kusuma@tokoku.co.id"},
		map[string]any{"id": "usr_00000000000000000000000002", "name": "Dimas Pérez", "email": "dimas@tokoku.co.id", "team": "sales"},
		map[string]any{"id": "usr_00000000000000000000000003", "name": nil, "email": nil},
	}
	statuses := []string{"open", "pending", "resolved", "open", "snoozed"}
	conversations := make([]map[string]any, n)
	for i := range conversations {
		ref := refs[i%nContacts]
		var contact any = map[string]any{"id": ref["id"], "phone_number": ref["phone_number"], "name": ref["name"]}
		if i%11 == 0 {
			contact.(map[string]any)["crm"] = map[string]any{"tier": "gold", "since": 2019}
		}
		if i == 5 {
			contact = nil
		}
		var account any = map[string]any{"phone_number": "+6281100001111"}
		switch i % 7 {
		case 1:
			account = map[string]any{"phone_number": "+6281100002222", "display_name": "Toko Cabang"}
		case 2:
			account = map[string]any{"phone_number": nil}
		case 3:
			account = nil
		}
		var lastMessage, lastInbound any = atMillis(-i * 13), at(-i*13 - 5)
		if i%10 == 9 {
			lastMessage, lastInbound = nil, nil
		}
		cv := map[string]any{
			"id": fmt.Sprintf("cnv_%026d", i+1), "object": "conversation", "status": statuses[i%len(statuses)],
			"contact": contact, "whatsapp_account": account, "assignee": agents[i%len(agents)], "unread_count": i % 6 * 7,
			"last_message_at": lastMessage, "last_inbound_at": lastInbound, "created_at": at(-20000 + i), "updated_at": at(-i * 13),
		}
		if i%4 == 0 {
			cv["priority"] = "high"
			cv["sla"] = map[string]any{"breached": false, "minutes": 30, "steps": []any{1, "two", nil}}
		}
		conversations[i] = cv
	}
	labels := []map[string]any{
		{"id": "lbl_00000000000000000000000001", "object": "label", "name": "VIP", "color": "red", "team_id": "team_1",
			"created_at": at(-50000), "updated_at": at(-40000), "archived": false},
		{"id": "lbl_00000000000000000000000002", "object": "label", "name": "Pelanggan setia", "color": "teal", "team_id": "team_2",
			"created_at": at(-60000), "updated_at": atMillis(-40000)},
	}
	me := map[string]any{
		"organization": map[string]any{"id": "org_00000000000000000000000007", "object": "organization", "name": "PT Toko Kita", "plan": "growth"},
		"api_key": map[string]any{"id": "key_0000000000000000000000REAL", "object": "api_key", "label": "Laptop of Budi Saputra",
			"last4": sourceKey[len(sourceKey)-4:], "scopes": []any{"read"}},
		"rate_limits": map[string]any{"tier": "free", "write_per_minute": 60, "read_per_minute": 600, "burst": 10},
		"region":      "ap-southeast-3",
	}
	data, err := json.MarshalIndent(map[string]any{"as_of": at(0), "me": me, "conversations": conversations, "contacts": contacts, "labels": labels}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// serve starts a sandbox serving the fixture data with key.
func serve(t testing.TB, data []byte, opts sandbox.Options) (*sandbox.Server, string) {
	t.Helper()
	org, err := sandbox.ReadFixture(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	opts.Organization = &org
	s := sandbox.New(opts)
	return s, startHTTP(t, s)
}
