package acctest

import (
	"fmt"

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
	var contact knownvalue.Check = knownvalue.Null()
	if c.Contact != nil {
		contact = knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id":           knownvalue.StringExact(c.Contact.ID),
			"phone_number": StringOrNull(c.Contact.PhoneNumber),
			"name":         StringOrNull(c.Contact.Name),
		})
	}
	var account knownvalue.Check = knownvalue.Null()
	if c.WhatsAppAccount != nil {
		account = knownvalue.ObjectExact(map[string]knownvalue.Check{
			"phone_number": StringOrNull(c.WhatsAppAccount.PhoneNumber),
		})
	}
	var assignee knownvalue.Check = knownvalue.Null()
	if c.Assignee != nil {
		assignee = knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id":    knownvalue.StringExact(c.Assignee.ID),
			"name":  StringOrNull(c.Assignee.Name),
			"email": StringOrNull(c.Assignee.Email),
		})
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":               knownvalue.StringExact(c.ID),
		"object":           knownvalue.StringExact(c.Object),
		"status":           knownvalue.StringExact(c.Status),
		"contact":          contact,
		"whatsapp_account": account,
		"assignee":         assignee,
		"unread_count":     knownvalue.Int64Exact(c.UnreadCount),
		"last_message_at":  StringOrNull(c.LastMessageAt),
		"last_inbound_at":  StringOrNull(c.LastInboundAt),
		"created_at":       knownvalue.StringExact(c.CreatedAt),
		"updated_at":       knownvalue.StringExact(c.UpdatedAt),
	})
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
	var metadata knownvalue.Check = knownvalue.Null()
	if string(c.Metadata) != "null" {
		metadata = knownvalue.StringExact(string(c.Metadata))
	}
	var account knownvalue.Check = knownvalue.Null()
	if c.WhatsAppAccount != nil {
		account = knownvalue.ObjectExact(map[string]knownvalue.Check{"phone_number": StringOrNull(c.WhatsAppAccount.PhoneNumber)})
	}
	return map[string]knownvalue.Check{
		"id":               knownvalue.StringExact(c.ID),
		"object":           knownvalue.StringExact(c.Object),
		"phone_number":     StringOrNull(c.PhoneNumber),
		"name":             StringOrNull(c.Name),
		"email":            StringOrNull(c.Email),
		"metadata":         metadata,
		"whatsapp_account": account,
		"created_at":       knownvalue.StringExact(c.CreatedAt),
		"updated_at":       knownvalue.StringExact(c.UpdatedAt),
	}
}

// LabelExact expects a labels element to equal the sandbox's record.
func LabelExact(l sandbox.Label) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":         knownvalue.StringExact(l.ID),
		"object":     knownvalue.StringExact(l.Object),
		"name":       knownvalue.StringExact(l.Name),
		"color":      knownvalue.StringExact(l.Color),
		"team_id":    knownvalue.StringExact(l.TeamID),
		"created_at": knownvalue.StringExact(l.CreatedAt),
		"updated_at": knownvalue.StringExact(l.UpdatedAt),
	})
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
