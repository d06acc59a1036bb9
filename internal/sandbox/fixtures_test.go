package sandbox_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// exampleDoc is the example fixture as a generic document, to break.
func exampleDoc(t *testing.T) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(exampleFixture)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func readDoc(t *testing.T, doc any) (sandbox.Organization, error) {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return sandbox.ReadFixture(bytes.NewReader(b))
}

func record(doc map[string]any, list string, i int) map[string]any {
	return doc[list].([]any)[i].(map[string]any)
}

// TestReadFixtureRefusesWhatTheSchemaRefuses: a fixture is held to
// fixture.schema.json at load. A missing documented field, a value of
// another type or a timestamp that is not RFC 3339 is refused, naming the
// record and the field, where the sandbox used to serve "" or 0 in their
// place.
func TestReadFixtureRefusesWhatTheSchemaRefuses(t *testing.T) {
	cnv := "conversations[1] (cnv_67SY71W3TW8S3ATX91XDT2G3SK): "
	for want, breakIt := range map[string]func(map[string]any){
		cnv + "status is missing":                                 func(d map[string]any) { delete(record(d, "conversations", 1), "status") },
		cnv + "created_at is missing":                             func(d map[string]any) { delete(record(d, "conversations", 1), "created_at") },
		cnv + "/unread_count: want integer, got string":           func(d map[string]any) { record(d, "conversations", 1)["unread_count"] = "29" },
		cnv + "/last_message_at: want null or string, got number": func(d map[string]any) { record(d, "conversations", 1)["last_message_at"] = 5 },
		cnv + "/created_at: \"2026-11-17 13:22:28\" is not an RFC 3339 date-time": func(d map[string]any) {
			record(d, "conversations", 1)["created_at"] = "2026-11-17 13:22:28"
		},
		cnv + "/contact: id is missing": func(d map[string]any) {
			delete(record(d, "conversations", 1)["contact"].(map[string]any), "id")
		},
		cnv + "/object: want \"conversation\", got 3": func(d map[string]any) { record(d, "conversations", 1)["object"] = 3 },
		"contacts[0] (ctc_64F9M56EB9VF9NV1ZF8QGP0Y1N): email is missing": func(d map[string]any) {
			delete(record(d, "contacts", 0), "email")
		},
		"labels[1] (lbl_0HCESB92G9W9N70N0HSW5ACTWX): /color: \"mauve\" is not one of": func(d map[string]any) {
			record(d, "labels", 1)["color"] = "mauve"
		},
		"me: rate_limits is missing": func(d map[string]any) { delete(d["me"].(map[string]any), "rate_limits") },
		"me: /organization/id: \"7\" does not match ^org_": func(d map[string]any) {
			d["me"].(map[string]any)["organization"].(map[string]any)["id"] = "7"
		},
		"conversations[1] (cnv_37TK-9AN5): /id: \"cnv_37TK-9AN5\" does not match": func(d map[string]any) { record(d, "conversations", 1)["id"] = "cnv_37TK-9AN5" },
		"the fixture's conversations.unread_count is number 1.0, which the sandbox cannot hold as int64: write it as a plain whole number": func(d map[string]any) {
			record(d, "conversations", 1)["unread_count"] = json.Number("1.0")
		},
		"me: /rate_limits/read_per_minute: want integer, got string": func(d map[string]any) {
			d["me"].(map[string]any)["rate_limits"].(map[string]any)["read_per_minute"] = "600"
		},
		"the fixture: labels is missing":            func(d map[string]any) { delete(d, "labels") },
		"conversations[0]: want object, got string": func(d map[string]any) { d["conversations"].([]any)[0] = "cnv_1" },
	} {
		doc := exampleDoc(t)
		breakIt(doc)
		if _, err := readDoc(t, doc); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v\nwant an error saying %q", err, want)
		}
	}
	if _, err := readDoc(t, exampleDoc(t)); err != nil {
		t.Fatalf("the example itself is refused: %v", err)
	}
}

// TestConversationsOnlyFixturesAreHeldToTheConversationSchema: the legacy
// forms, an array or a list page, are validated record by record.
func TestConversationsOnlyFixturesAreHeldToTheConversationSchema(t *testing.T) {
	noStatus := strings.Replace(fullConversation, `"status":"open",`, "", 1)
	badCount := strings.Replace(fullConversation, `"unread_count":0`, `"unread_count":"0"`, 1)
	for text, want := range map[string]string{
		`[` + fullConversation + `,` + noStatus + `]`: "conversations[1] (cnv_1): status is missing",
		`{"data":[` + badCount + `]}`:                 "data[0] (cnv_1): /unread_count: want integer, got string",
	} {
		if _, err := sandbox.ReadFixture(strings.NewReader(text)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want an error saying %q", err, want)
		}
	}
}

// TestManyProblemsAreListedFirstFewThenCounted: a fixture broken
// everywhere lists its first problems in file order, then how many more.
func TestManyProblemsAreListedFirstFewThenCounted(t *testing.T) {
	var convs []string
	for range 12 {
		convs = append(convs, strings.Replace(fullConversation, `"status":"open",`, "", 1))
	}
	_, err := sandbox.ReadFixture(strings.NewReader("[" + strings.Join(convs, ",") + "]"))
	if err == nil {
		t.Fatal("want an error")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 7 || !strings.Contains(lines[1], "conversations[0]") || !strings.Contains(lines[5], "conversations[4]") || !strings.Contains(lines[6], "and 7 more") {
		t.Errorf("got:\n%v", err)
	}
	// A whole fixture: its members in the schema's order, me first.
	doc := exampleDoc(t)
	delete(record(doc, "labels", 0), "name")
	delete(record(doc, "contacts", 0), "name")
	delete(record(doc, "conversations", 1), "status")
	delete(record(doc, "conversations", 0), "status")
	delete(doc["me"].(map[string]any), "api_key")
	_, err = readDoc(t, doc)
	var order []string
	for _, line := range strings.Split(fmt.Sprint(err), "\n")[1:] {
		order = append(order, strings.Fields(line)[0])
	}
	if want := []string{"me:", "conversations[0]", "conversations[1]", "contacts[0]", "labels[0]"}; !slices.Equal(order, want) {
		t.Errorf("problems in the order %v, want %v", order, want)
	}
}

// TestUndocumentedFieldsAreAllowedAtAnyDepth: the schema keeps allowing
// members it does not document, in every record and every nested object.
func TestUndocumentedFieldsAreAllowedAtAnyDepth(t *testing.T) {
	doc := exampleDoc(t)
	doc["exported_by"] = "someone"
	me := doc["me"].(map[string]any)
	me["team"] = map[string]any{"deep": []any{1}}
	for _, part := range []string{"organization", "api_key", "rate_limits"} {
		me[part].(map[string]any)["added"] = true
	}
	c := record(doc, "conversations", 0)
	c["added"] = map[string]any{"x": nil}
	for _, part := range []string{"contact", "whatsapp_account"} {
		c[part].(map[string]any)["added"] = 1
	}
	record(doc, "conversations", 1)["assignee"].(map[string]any)["added"] = 1
	record(doc, "contacts", 0)["whatsapp_account"].(map[string]any)["added"] = 1
	record(doc, "labels", 0)["added"] = 1
	org, err := readDoc(t, doc)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(org.Me), `"added":true`) || string(org.Conversations[0].Contact.Extra["added"]) != "1" ||
		string(org.Contacts[0].WhatsAppAccount.Extra["added"]) != "1" {
		t.Error("the undocumented fields were not kept")
	}
}

// TestAFixtureThatIsNotJSONNamesTheLineAndColumn: the offset of the JSON
// error, turned into the line and column an editor shows.
func TestAFixtureThatIsNotJSONNamesTheLineAndColumn(t *testing.T) {
	for text, want := range map[string]string{
		"{\n  \"me\": {,\n}":            "line 2, column 10",
		"[\n  {\"id\": \"cnv_é\" x}\n]": "line 2, column 18",
		"{\"me\":":                      "line 1, column 7",
		"":                              "line 1, column 1",
		"[]\n[]":                        "line 2, column 1",
	} {
		if _, err := sandbox.ReadFixture(strings.NewReader(text)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want %s", text, err, want)
		}
	}
}

// TestFixtureSchemaIsTheFileBesideThePackage: the embedded schema is
// fixture.schema.json as the repository holds it.
func TestFixtureSchemaIsTheFileBesideThePackage(t *testing.T) {
	onDisk, err := os.ReadFile("fixture.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(sandbox.FixtureSchema(), onDisk) {
		t.Error("FixtureSchema is not fixture.schema.json")
	}
}

// TestKnownFieldsAreTheSchemasRequiredFields: the documented fields the
// sandbox derives from its types' json tags are, record by record and in
// order, the required fields of the matching definition of
// fixture.schema.json, found by walking the schema and following $ref.
func TestKnownFieldsAreTheSchemasRequiredFields(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal(sandbox.FixtureSchema(), &schema); err != nil {
		t.Fatal(err)
	}
	defs := schema["$defs"].(map[string]any)
	resolve := func(node map[string]any) map[string]any {
		for node["$ref"] != nil {
			name, ok := strings.CutPrefix(node["$ref"].(string), "#/$defs/")
			if !ok {
				t.Fatalf("a $ref outside $defs: %v", node["$ref"])
			}
			node = defs[name].(map[string]any)
		}
		return node
	}
	want := map[string][]string{}
	var walk func(path string, node map[string]any)
	walk = func(path string, node map[string]any) {
		node = resolve(node)
		required, ok := node["required"].([]any)
		if !ok {
			return
		}
		var names []string
		for _, r := range required {
			names = append(names, r.(string))
		}
		want[path] = names
		properties, _ := node["properties"].(map[string]any)
		for _, name := range names {
			if p, ok := properties[name].(map[string]any); ok {
				walk(path+"."+name, p)
			}
		}
	}
	for _, name := range []string{"conversation", "contact", "label", "me"} {
		walk(name, defs[name].(map[string]any))
	}
	got := sandbox.KnownFields()
	if len(want) != 11 {
		t.Fatalf("the schema has %d records, want 11: %v", len(want), want)
	}
	for path, fields := range want {
		if !slices.Equal(got[path], fields) {
			t.Errorf("%s: the sandbox knows %v, the schema requires %v", path, got[path], fields)
		}
	}
	for path := range got {
		if _, ok := want[path]; !ok {
			t.Errorf("%s is known to the sandbox and not a record of the schema", path)
		}
	}
	got["conversation"][0] = "changed"
	if sandbox.KnownFields()["conversation"][0] != "id" {
		t.Error("KnownFields hands out its own lists")
	}
}

// TestMeKeepsItsUndocumentedFields: Me, like every record, reads and
// writes the fields it does not know verbatim, at every level, and writes
// the documented ones in the contract's order.
func TestMeKeepsItsUndocumentedFields(t *testing.T) {
	in := `{"organization":{"id":"org_1","object":"organization","name":"N","plan":"x"},` +
		`"api_key":{"id":"key_1","object":"api_key","label":"L","last4":"abcd","scopes":[]},` +
		`"rate_limits":{"tier":"pro","write_per_minute":60,"read_per_minute":6000,"burst":9},"region":"id"}`
	var me sandbox.Me
	if err := json.Unmarshal([]byte(in), &me); err != nil {
		t.Fatal(err)
	}
	if me.Organization.ID != "org_1" || me.RateLimits.ReadPerMinute != 6000 || string(me.Extra["region"]) != `"id"` ||
		string(me.Organization.Extra["plan"]) != `"x"` || string(me.APIKey.Extra["scopes"]) != "[]" || string(me.RateLimits.Extra["burst"]) != "9" {
		t.Fatalf("read %+v", me)
	}
	out, err := json.Marshal(me)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	_ = json.Unmarshal([]byte(in), &a)
	_ = json.Unmarshal(out, &b)
	if x, y := mustJSON(t, a), mustJSON(t, b); x != y {
		t.Errorf("round trip:\n got %s\nwant %s", y, x)
	}
	built, _ := sandbox.New(sandbox.Options{}).Fixture(sandbox.DefaultAPIKey)
	if !strings.HasPrefix(string(built.Me), `{"organization":{"id":"org_`) || !strings.Contains(string(built.Me), `"rate_limits":{"tier":"free","write_per_minute":60,"read_per_minute":600}`) {
		t.Errorf("the built /me: %s", built.Me)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestContactIDsMatchWhateverTheirCase: Crockford base32 is
// case-insensitive, so GET /contacts/{id} finds a contact by its id in any
// case, as GET /conversations?contact_id does.
func TestContactIDsMatchWhateverTheirCase(t *testing.T) {
	s, base := start(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 4, Conversations: 20}})
	c := s.Conversations()[0].Contact
	for _, id := range []string{c.ID, "ctc_" + strings.ToLower(c.ID[4:]), "ctc_" + strings.ToLower(c.ID[4:17]) + c.ID[17:]} {
		resp, body := get(t, base+"/contacts/"+id, sandbox.DefaultAPIKey)
		var one struct {
			Data map[string]any `json:"data"`
		}
		if err := json.Unmarshal(body, &one); err != nil || resp.StatusCode != 200 || one.Data["id"] != c.ID {
			t.Errorf("GET /contacts/%s: %d %s", id, resp.StatusCode, body)
		}
		items, _ := drainAll(t, base, "contact_id="+id)
		if len(items) == 0 {
			t.Errorf("contact_id=%s matches nothing", id)
		}
		for _, it := range items {
			if it["contact"].(map[string]any)["id"] != c.ID {
				t.Errorf("contact_id=%s matched %v", id, it["contact"])
			}
		}
	}
}

// TestGeneratedOrganizationsMatchTheSchema: what the generator makes, and
// -dump-fixture writes, is a fixture the sandbox itself accepts, whatever
// the knobs (teamLike): a field the schema documents and the generator
// forgot (or filled with a value the schema refuses) fails here.
func TestGeneratedOrganizationsMatchTheSchema(t *testing.T) {
	for _, opts := range append([]sandbox.GenerateOptions{{Seed: 1, Conversations: 300}, {Seed: 2, Conversations: 300, EdgeCases: true}}, teamLike...) {
		fixture, err := sandbox.New(sandbox.Options{Generated: opts}).Fixture(sandbox.DefaultAPIKey)
		if err != nil {
			t.Fatal(err)
		}
		dump, err := json.Marshal(fixture)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sandbox.ReadFixture(bytes.NewReader(dump)); err != nil {
			t.Errorf("seed %d (edge cases %v): %v", opts.Seed, opts.EdgeCases, err)
		}
	}
}

// What the provider's client refuses in an answer, a fixture cannot hold
// either: the sandbox would serve something else than the file says (one
// of two values for a name given twice) or an answer the provider fails on
// (a record twice in a list, text that is not UTF-8). Each is refused at
// load, saying where.
func TestAFixtureHoldsNothingTheClientRefuses(t *testing.T) {
	fixture, err := sandbox.New(sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 3, Conversations: 20}}).Fixture(sandbox.DefaultAPIKey)
	if err != nil {
		t.Fatal(err)
	}
	valid, err := json.MarshalIndent(fixture, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sandbox.ReadFixture(bytes.NewReader(valid)); err != nil {
		t.Fatalf("the dump itself: %v", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(valid, &doc); err != nil {
		t.Fatal(err)
	}
	withRepeated := func(list string, change func(map[string]any)) string {
		var copied map[string]any
		_ = json.Unmarshal(valid, &copied)
		items := copied[list].([]any)
		again := map[string]any{}
		for k, v := range items[0].(map[string]any) {
			again[k] = v
		}
		change(again)
		copied[list] = append(items, again)
		b, _ := json.Marshal(copied)
		return string(b)
	}
	for name, tc := range map[string]struct{ text, want string }{
		"a documented name twice": {strings.Replace(string(valid), `"status": "`, `"status": "pending", "status": "`, 1),
			`line \d+, column \d+, at "/conversations/0/status": a name given twice in one object`},
		"an undocumented name twice": {strings.Replace(string(valid), `"status": "`, `"priority": "high", "priority": "low", "status": "`, 1),
			`at "/conversations/0/priority": a name given twice`},
		"text that is not UTF-8": {strings.Replace(string(valid), `"name": "`, "\"name\": \"\xff", 1), `line \d+, column \d+, at .*invalid UTF-8`},
		"a conversation twice":   {withRepeated("conversations", func(map[string]any) {}), `conversations\[20\] \(cnv_\w+\) repeats the id of conversations\[0\]`},
		"a contact twice, in another case": {withRepeated("contacts", func(c map[string]any) { c["id"] = strings.ToLower(c["id"].(string)) }),
			`contacts\[\d+\] \(CTC_\w+\) repeats the id of contacts\[\d+\]`},
	} {
		_, err := sandbox.ReadFixture(strings.NewReader(tc.text))
		if err == nil || !regexp.MustCompile(tc.want).MatchString(err.Error()) {
			t.Errorf("%s: got %v, want %s", name, err, tc.want)
		}
	}
}
