package sandbox

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// Fixture is a whole organization, in the form `kirimchat-sandbox -fixture`
// reads and `-dump-fixture` writes: when its data was true (as_of), GET
// /me's data, the conversations, the contacts and the labels, each record as
// the API sends it. Fields the contract does not document are kept and
// served back verbatim, at any depth. fixture.schema.json beside this file
// is its JSON Schema, which ReadFixture holds every fixture to, and
// docs/guides/sandbox-fixtures.md its documentation.
type Fixture struct {
	// AsOf is the time the organization was generated or recorded, RFC
	// 3339: its timestamps are relative to it (-rebase shifts them by now −
	// AsOf). Optional in a file, as fixtures written before it have none;
	// -dump-fixture always writes it.
	AsOf          string          `json:"as_of,omitempty"`
	Me            json.RawMessage `json:"me"` // a Me, kept verbatim
	Conversations []Conversation  `json:"conversations"`
	Contacts      []Contact       `json:"contacts"`
	Labels        []Label         `json:"labels"`
}

//go:embed fixture.schema.json
var fixtureSchema []byte

// FixtureSchema returns fixture.schema.json, the JSON Schema ReadFixture
// holds every fixture to.
func FixtureSchema() []byte { return slices.Clone(fixtureSchema) }

const fixtureSchemaURL = "https://github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox/fixture.schema.json"

// schemas are the compiled schema of a whole fixture and of one
// conversation (the conversations-only forms), format assertions on: a
// date-time must be RFC 3339.
var schemas = sync.OnceValues(func() (map[string]*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(fixtureSchema))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(fixtureSchemaURL, doc); err != nil {
		return nil, err
	}
	out := map[string]*jsonschema.Schema{}
	for name, loc := range map[string]string{"fixture": fixtureSchemaURL, "conversation": fixtureSchemaURL + "#/$defs/conversation"} {
		if out[name], err = c.Compile(loc); err != nil {
			return nil, err
		}
	}
	return out, nil
})

// ReadFixture reads an organization: a whole-organization Fixture, or, as
// before it, conversations only (an array of conversation objects, or a list
// page {"data": [...]}), whose contacts are then derived from them.
//
// Every fixture is held to fixture.schema.json first: a documented field
// that is missing, or of another type, or a timestamp that is not RFC 3339,
// is an error that names the record and the field, such as
// `conversations[3] (cnv_…): status is missing`. Fields beyond the
// documented ones are allowed at any depth. A file that is not JSON is an
// error that names the line and column.
func ReadFixture(r io.Reader) (Organization, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return Organization{}, err
	}
	doc, err := decodeJSON(raw)
	if err != nil {
		return Organization{}, err
	}
	switch d := doc.(type) {
	case map[string]any:
		if slices.ContainsFunc([]string{"as_of", "me", "conversations", "contacts", "labels"}, func(k string) bool { _, ok := d[k]; return ok }) {
			return readWholeFixture(raw, d)
		}
		if items, ok := d["data"].([]any); ok {
			return readConversationsOnly(raw, items, "data", func(raw []byte) ([]Conversation, error) {
				var page struct {
					Data []Conversation `json:"data"`
				}
				err := json.Unmarshal(raw, &page)
				return page.Data, err
			})
		}
	case []any:
		return readConversationsOnly(raw, d, "conversations", func(raw []byte) ([]Conversation, error) {
			var convs []Conversation
			err := json.Unmarshal(raw, &convs)
			return convs, err
		})
	}
	return Organization{}, errors.New(`a fixture is a whole organization ({"me": …, "conversations": […], "contacts": […], "labels": […]}), ` +
		`or conversations only: a JSON array of them or {"data": [...]}`)
}

func readWholeFixture(raw []byte, doc map[string]any) (Organization, error) {
	s, err := schemas()
	if err != nil {
		return Organization{}, err
	}
	if err := s["fixture"].Validate(doc); err != nil {
		return Organization{}, schemaError(err, func(loc []string) (string, []string) { return wholeFixtureRecord(doc, loc) })
	}
	var f Fixture
	if err := json.Unmarshal(raw, &f); err != nil {
		return Organization{}, jsonError(raw, err)
	}
	var me Me
	if err := json.Unmarshal(f.Me, &me); err != nil {
		return Organization{}, jsonError(raw, err)
	}
	if err := refuseRepeatedIDs(f); err != nil {
		return Organization{}, err
	}
	sortContacts(f.Contacts)
	return Organization{ID: me.Organization.ID, Name: me.Organization.Name, Tier: me.RateLimits.Tier, AsOf: f.AsOf, Me: f.Me,
		Conversations: f.Conversations, Contacts: f.Contacts, Labels: f.Labels}, nil
}

// refuseRepeatedIDs fails on a record id given twice in one list: the API
// lists each record once, and the provider refuses a page that repeats one.
// Contact ids are Crockford base32, the same in either case.
func refuseRepeatedIDs(f Fixture) error {
	type list struct {
		name string
		ids  []string
	}
	var convs, contacts, labels []string
	for _, c := range f.Conversations {
		convs = append(convs, c.ID)
	}
	for _, c := range f.Contacts {
		contacts = append(contacts, strings.ToUpper(c.ID))
	}
	for _, l := range f.Labels {
		labels = append(labels, l.ID)
	}
	for _, l := range []list{{"conversations", convs}, {"contacts", contacts}, {"labels", labels}} {
		first := map[string]int{}
		for i, id := range l.ids {
			if j, seen := first[id]; seen {
				return fmt.Errorf("%s[%d] (%s) repeats the id of %s[%d]: the API lists each record once", l.name, i, id, l.name, j)
			}
			first[id] = i
		}
	}
	return nil
}

// wholeFixtureRecord names the record at loc in a whole fixture, and where in
// it loc points.
func wholeFixtureRecord(doc map[string]any, loc []string) (string, []string) {
	switch {
	case len(loc) >= 2 && slices.Contains([]string{"conversations", "contacts", "labels"}, loc[0]):
		items, _ := doc[loc[0]].([]any)
		return recordName(loc[0], items, loc[1]), loc[2:]
	case len(loc) >= 1 && loc[0] == "me":
		return "me", loc[1:]
	}
	return "the fixture", loc
}

// recordName is list[i], followed by the record's id when it has one:
// conversations[3] (cnv_…).
func recordName(list string, items []any, index string) string {
	name := list + "[" + index + "]"
	if i, err := strconv.Atoi(index); err == nil && i >= 0 && i < len(items) {
		if record, ok := items[i].(map[string]any); ok {
			if id, ok := record["id"].(string); ok && id != "" {
				name += " (" + id + ")"
			}
		}
	}
	return name
}

// readConversationsOnly reads the conversations-only forms: each item is
// held to the schema's conversation.
func readConversationsOnly(raw []byte, items []any, list string, decode func([]byte) ([]Conversation, error)) (Organization, error) {
	s, err := schemas()
	if err != nil {
		return Organization{}, err
	}
	var problems []problem
	for i, item := range items {
		if err := s["conversation"].Validate(item); err != nil {
			index := strconv.Itoa(i)
			for _, p := range schemaProblems(err, func(loc []string) (string, []string) { return recordName(list, items, index), loc }) {
				p.loc = append([]string{index}, p.loc...)
				problems = append(problems, p)
			}
		}
	}
	if len(problems) > 0 {
		return Organization{}, problemsError(problems)
	}
	convs, err := decode(raw)
	if err != nil {
		return Organization{}, jsonError(raw, err)
	}
	if err := refuseRepeatedIDs(Fixture{Conversations: convs}); err != nil {
		return Organization{}, err
	}
	return Organization{ID: "org_00000000000000000000000000", Name: "Sandbox fixture", Tier: "free",
		Conversations: convs, Contacts: contactsFromConversations(convs)}, nil
}

// decodeJSON reads raw as one JSON value, numbers kept exact, as the
// schema validator takes it.
func decodeJSON(raw []byte) (any, error) {
	if err := json.Unmarshal(raw, new(json.RawMessage)); err != nil {
		return nil, jsonError(raw, err)
	}
	if err := refuseWhatTheClientRefuses(raw); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, jsonError(raw, err)
	}
	return doc, nil
}

// refuseWhatTheClientRefuses fails on JSON that encoding/json reads but the
// provider's client refuses in an answer: a name given twice in one object
// (encoding/json keeps the last, so the file would say one thing and the
// sandbox serve another) and text that is not UTF-8. jsontext refuses both
// by default; the error names the line and column, and the JSON pointer.
func refuseWhatTheClientRefuses(raw []byte) error {
	dec := jsontext.NewDecoder(bytes.NewReader(raw))
	for {
		_, err := dec.ReadToken()
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			var syntax *jsontext.SyntacticError
			if !errors.As(err, &syntax) {
				return err
			}
			line, column := lineAndColumn(raw, int(syntax.ByteOffset))
			what := syntax.Err.Error()
			if errors.Is(syntax.Err, jsontext.ErrDuplicateName) {
				what = "a name given twice in one object, which the API's client refuses (the JSON standard leaves which one counts to the reader)"
			}
			return fmt.Errorf("the fixture is not JSON the API could send: line %d, column %d, at %q: %s", line, column, string(syntax.JSONPointer), what)
		}
	}
}

// jsonError names the line and column of a JSON error in raw.
func jsonError(raw []byte, err error) error {
	var offset int64 = -1
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		offset = syntax.Offset - 1 // the offset is past the byte that broke it
		if syntax.Offset >= int64(len(raw)) {
			offset = int64(len(raw)) // the end came too soon
		}
	case errors.As(err, &typ):
		// Valid JSON the schema took (1.0 is an integer to JSON Schema) that
		// Go cannot hold; its offset counts from the record, not the file.
		return fmt.Errorf("the fixture's %s is %s, which the sandbox cannot hold as %s: write it as a plain whole number",
			typ.Field, typ.Value, typ.Type)
	}
	if offset < 0 {
		return fmt.Errorf("the fixture is not JSON: %w", err)
	}
	line, column := lineAndColumn(raw, int(offset))
	return fmt.Errorf("the fixture is not JSON: line %d, column %d: %w", line, column, err)
}

// lineAndColumn is where the byte at offset sits, both counted from 1, the
// column in characters.
func lineAndColumn(raw []byte, offset int) (line, column int) {
	offset = max(0, min(offset, len(raw)))
	before := raw[:offset]
	start := bytes.LastIndexByte(before, '\n') + 1
	return bytes.Count(before, []byte{'\n'}) + 1, utf8.RuneCount(before[start:]) + 1
}

// problem is one way a fixture breaks the schema, at one record.
type problem struct {
	record string
	loc    []string // the fixture's path to the value (for the order)
	text   string
}

// maxProblems is how many problems an error lists; it counts the rest.
const maxProblems = 5

func schemaError(err error, name func(loc []string) (string, []string)) error {
	return problemsError(schemaProblems(err, name))
}

func problemsError(problems []problem) error {
	return listProblems("the fixture does not match fixture.schema.json", problems)
}

// listProblems is an error that says intro, then the problems in the
// fixture's order: the first few, and how many more.
func listProblems(intro string, problems []problem) error {
	slices.SortStableFunc(problems, func(a, b problem) int { return compareLocations(a.loc, b.loc) })
	lines := make([]string, 0, maxProblems+1)
	for i, p := range problems {
		if i == maxProblems {
			lines = append(lines, fmt.Sprintf("and %d more", len(problems)-maxProblems))
			break
		}
		lines = append(lines, p.record+": "+p.text)
	}
	if len(lines) == 1 {
		return fmt.Errorf("%s: %s", intro, lines[0])
	}
	return fmt.Errorf("%s:\n  %s", intro, strings.Join(lines, "\n  "))
}

// compareLocations orders JSON paths as a fixture lays them out: its
// members in the schema's order, array indexes as numbers.
func compareLocations(a, b []string) int {
	members := []string{"as_of", "me", "conversations", "contacts", "labels"}
	if len(a) > 0 && len(b) > 0 && a[0] != b[0] {
		if x, y := slices.Index(members, a[0]), slices.Index(members, b[0]); x >= 0 && y >= 0 {
			return x - y
		}
	}
	for i := range min(len(a), len(b)) {
		if a[i] == b[i] {
			continue
		}
		x, errX := strconv.Atoi(a[i])
		y, errY := strconv.Atoi(b[i])
		if errX == nil && errY == nil {
			return x - y
		}
		return strings.Compare(a[i], b[i])
	}
	return len(a) - len(b)
}

// schemaProblems turns a validation error into one problem per failed
// keyword: the field missing, or the value that breaks its rule.
func schemaProblems(err error, name func(loc []string) (string, []string)) []problem {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []problem{{record: "the fixture", text: err.Error()}}
	}
	var out []problem
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		record, at := name(e.InstanceLocation)
		where := ""
		if len(at) > 0 {
			where = "/" + strings.Join(at, "/") + ": "
		}
		if k, ok := e.ErrorKind.(*kind.Required); ok {
			for _, missing := range k.Missing {
				out = append(out, problem{record: record, loc: e.InstanceLocation, text: where + missing + " is missing"})
			}
			return
		}
		out = append(out, problem{record: record, loc: e.InstanceLocation, text: where + describe(e)})
	}
	walk(ve)
	return out
}

// describe says what a value breaks, in the fixture's words.
func describe(e *jsonschema.ValidationError) string {
	switch k := e.ErrorKind.(type) {
	case *kind.Type:
		return "want " + strings.Join(k.Want, " or ") + ", got " + k.Got
	case *kind.Format:
		if k.Want == "date-time" {
			return fmt.Sprintf("%s is not an RFC 3339 date-time such as 2026-11-01T12:00:00Z", quoted(k.Got))
		}
		return fmt.Sprintf("%s is not a %s", quoted(k.Got), k.Want)
	case *kind.Pattern:
		return fmt.Sprintf("%s does not match %s", quoted(k.Got), k.Want)
	case *kind.Const:
		return fmt.Sprintf("want %s, got %s", quoted(k.Want), quoted(k.Got))
	case *kind.Enum:
		return fmt.Sprintf("%s is not one of %s", quoted(k.Got), quoted(k.Want))
	}
	// Any other keyword: the validator's own words, without its location.
	text := (&jsonschema.ValidationError{ErrorKind: e.ErrorKind}).Error()
	if _, after, ok := strings.Cut(text, ": "); ok {
		return after
	}
	return text
}

func quoted(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// Fixture is the organization the server serves now, as a whole-organization
// fixture (-dump-fixture), with /me as the key apiKey sees it. Its AsOf is
// the organization's (Organization.AsOf): the generator's clock, or the
// fixture's own as_of, which is empty when the fixture served had none.
func (s *Server) Fixture(apiKey string) (Fixture, error) {
	me, err := s.meJSON(apiKey)
	if err != nil {
		return Fixture{}, err
	}
	return Fixture{AsOf: s.org.AsOf, Me: me, Conversations: orEmpty(s.Conversations()), Contacts: orEmpty(s.Contacts()), Labels: orEmpty(s.Labels())}, nil
}

// orEmpty is xs, or an empty list in place of nil: a fixture's lists are
// arrays, never null (a conversations-only fixture has no labels).
func orEmpty[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
