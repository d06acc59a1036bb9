package acctest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// StringOrNull expects the exact string, or null when p is nil.
func StringOrNull(p *string) knownvalue.Check {
	if p == nil {
		return knownvalue.Null()
	}
	return knownvalue.StringExact(*p)
}

// ConversationExact expects a conversations element to equal the sandbox's
// record field for field, nulls included and timestamps byte for byte.
func ConversationExact(c sandbox.Conversation) knownvalue.Check {
	return knownvalue.ObjectExact(RecordChecks("conversation", c))
}

// RecordChecks are the checks, by attribute, that a record in the state holds
// every documented field of a sandbox record exactly. They are built from the
// record's JSON and the contract's schema (ContractRecords), never typed by
// hand: a documented field is expected under its own name, null as null, a
// number as that number, a nested object as its fields, and a free-form
// object (a contact's metadata) as its compact JSON text. Fields the
// contract does not document are not expected.
func RecordChecks(record string, v any) map[string]knownvalue.Check {
	contract, err := ContractRecords()
	if err != nil {
		panic(err)
	}
	fields, ok := contract[record]
	if !ok {
		panic("the contract has no record " + record)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return objectChecks(raw, fields)
}

func objectChecks(raw []byte, fields []ContractField) map[string]knownvalue.Check {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil {
		panic(err)
	}
	checks := make(map[string]knownvalue.Check, len(fields))
	for _, f := range fields {
		value, ok := members[f.Name]
		if !ok {
			panic(fmt.Sprintf("the sandbox's record has no %s: %s", f.Name, raw))
		}
		checks[f.Name] = valueCheck(value, f)
	}
	return checks
}

func valueCheck(value json.RawMessage, f ContractField) knownvalue.Check {
	if string(value) == "null" {
		return knownvalue.Null()
	}
	switch f.Kind() {
	case "string":
		var s string
		if err := json.Unmarshal(value, &s); err != nil {
			panic(err)
		}
		return knownvalue.StringExact(s)
	case "integer":
		var n int64
		if err := json.Unmarshal(value, &n); err != nil {
			panic(err)
		}
		return knownvalue.Int64Exact(n)
	case "object":
		if f.Fields == nil { // free-form: its JSON text
			var compact bytes.Buffer
			if err := json.Compact(&compact, value); err != nil {
				panic(err)
			}
			return knownvalue.StringExact(compact.String())
		}
		return knownvalue.ObjectExact(objectChecks(value, f.Fields))
	}
	panic(fmt.Sprintf("no check for %s of kind %s", f.Name, f.Kind()))
}

// IDsExact expects a list of strings equal to the records' ids, in order.
func IDsExact(convs []sandbox.Conversation) knownvalue.Check {
	return StringsExact(IDs(convs))
}

// EveryElement expects a list of objects whose attribute attr passes check in
// every element. It suits the real API, whose exact data is not known.
func EveryElement(attr string, check knownvalue.Check) knownvalue.Check {
	return everyElement{attr: attr, check: check}
}

type everyElement struct {
	attr  string
	check knownvalue.Check
}

func (e everyElement) CheckValue(v any) error {
	list, ok := v.([]any)
	if !ok {
		return fmt.Errorf("expected a list, got %T", v)
	}
	for i, elem := range list {
		obj, ok := elem.(map[string]any)
		if !ok {
			return fmt.Errorf("element %d: expected an object, got %T", i, elem)
		}
		if err := e.check.CheckValue(obj[e.attr]); err != nil {
			return fmt.Errorf("element %d, %s: %w", i, e.attr, err)
		}
	}
	return nil
}

func (e everyElement) String() string {
	return fmt.Sprintf("every element's %s: %s", e.attr, e.check)
}

// DistinctStrings expects a list of strings without repeats.
func DistinctStrings() knownvalue.Check { return distinctStrings{} }

type distinctStrings struct{}

func (distinctStrings) CheckValue(v any) error {
	list, ok := v.([]any)
	if !ok {
		return fmt.Errorf("expected a list, got %T", v)
	}
	seen := make(map[any]int, len(list))
	for i, x := range list {
		if j, dup := seen[x]; dup {
			return fmt.Errorf("element %d repeats element %d (%v)", i, j, x)
		}
		seen[x] = i
	}
	return nil
}

func (distinctStrings) String() string { return "distinct elements" }

// ContainsAll expects a list of strings holding every one of want.
func ContainsAll(want []string) knownvalue.Check { return containsAll{want: want} }

type containsAll struct{ want []string }

func (c containsAll) CheckValue(v any) error {
	list, ok := v.([]any)
	if !ok {
		return fmt.Errorf("expected a list, got %T", v)
	}
	have := make(map[any]bool, len(list))
	for _, x := range list {
		have[x] = true
	}
	for _, w := range c.want {
		if !have[w] {
			return fmt.Errorf("%s is missing", w)
		}
	}
	return nil
}

func (c containsAll) String() string { return fmt.Sprintf("contains all of %d values", len(c.want)) }

// ContactExact expects a contacts element (or a kirimchat_contact) to equal
// the sandbox's record, metadata as the compact JSON the API sent.
func ContactExact(c sandbox.Contact) knownvalue.Check {
	return knownvalue.ObjectExact(ContactChecks(c))
}

// ContactChecks are ContactExact's checks by attribute, for single-object
// data sources whose attributes sit at the top level.
func ContactChecks(c sandbox.Contact) map[string]knownvalue.Check {
	return RecordChecks("contact", c)
}

// LabelExact expects a labels element to equal the sandbox's record.
func LabelExact(l sandbox.Label) knownvalue.Check {
	return knownvalue.ObjectExact(RecordChecks("label", l))
}

// ListOf expects a list whose elements pass the checks made from items, in order.
func ListOf[T any](items []T, check func(T) knownvalue.Check) knownvalue.Check {
	checks := make([]knownvalue.Check, len(items))
	for i, item := range items {
		checks[i] = check(item)
	}
	return knownvalue.ListExact(checks)
}

// StringsExact expects exactly these strings, in order.
func StringsExact(values []string) knownvalue.Check {
	return ListOf(values, func(s string) knownvalue.Check { return knownvalue.StringExact(s) })
}

// TimestampNear checks an RFC 3339 string within tolerance of at.
func TimestampNear(at time.Time, tolerance time.Duration) knownvalue.Check {
	return timestampNear{at: at, tolerance: tolerance}
}

type timestampNear struct {
	at        time.Time
	tolerance time.Duration
}

func (c timestampNear) CheckValue(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("expected a string, got %T", v)
	}
	got, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return fmt.Errorf("%q is not an RFC 3339 time: %w", s, err)
	}
	if d := got.Sub(c.at).Abs(); d > c.tolerance {
		return fmt.Errorf("%s is %s from %s, more than %s", s, d, c.at.Format(time.RFC3339), c.tolerance)
	}
	return nil
}

func (c timestampNear) String() string {
	return fmt.Sprintf("a time within %s of %s", c.tolerance, c.at.Format(time.RFC3339))
}
