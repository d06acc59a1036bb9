package sandbox

import (
	"encoding/json"
	"slices"
)

// Extra is what a record holds beyond the contract's fields: the API may add
// fields at any time, and a fixture may carry them at any depth. They are
// kept verbatim, and served back as they came.
type Extra map[string]json.RawMessage

// marshalWithExtra writes documented (a record without its Extra) and then
// its extras; a documented field wins over an extra of the same name.
func marshalWithExtra(documented any, extra Extra) ([]byte, error) {
	base, err := json.Marshal(documented)
	if err != nil || len(extra) == 0 {
		return base, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(base, &fields); err != nil {
		return nil, err
	}
	for name, value := range extra {
		if _, documented := fields[name]; !documented {
			fields[name] = value
		}
	}
	return json.Marshal(fields)
}

// unmarshalWithExtra reads data into documented, and returns the members
// whose names are not among known, verbatim (nil when there are none).
func unmarshalWithExtra(data []byte, documented any, known []string) (Extra, error) {
	if err := json.Unmarshal(data, documented); err != nil {
		return nil, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return nil, err
	}
	extra := Extra{}
	for name, value := range all {
		if !slices.Contains(known, name) {
			extra[name] = value
		}
	}
	if len(extra) == 0 {
		return nil, nil
	}
	return extra, nil
}

// MarshalJSON and UnmarshalJSON of every record type: the documented fields,
// then the extras.

func (c Conversation) MarshalJSON() ([]byte, error) {
	type documented Conversation
	return marshalWithExtra(documented(c), c.Extra)
}

func (c *Conversation) UnmarshalJSON(data []byte) (err error) {
	type documented Conversation
	var d documented
	extra, err := unmarshalWithExtra(data, &d, []string{"id", "object", "status", "contact", "whatsapp_account", "assignee",
		"unread_count", "last_message_at", "last_inbound_at", "created_at", "updated_at"})
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
	extra, err := unmarshalWithExtra(data, &d, []string{"id", "phone_number", "name"})
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
	extra, err := unmarshalWithExtra(data, &d, []string{"phone_number"})
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
	extra, err := unmarshalWithExtra(data, &d, []string{"id", "name", "email"})
	*a = Agent(d)
	a.Extra = extra
	return err
}

func (c Contact) MarshalJSON() ([]byte, error) {
	type documented Contact
	return marshalWithExtra(documented(c), c.Extra)
}

func (c *Contact) UnmarshalJSON(data []byte) error {
	type documented Contact
	var d documented
	extra, err := unmarshalWithExtra(data, &d, []string{"id", "object", "phone_number", "name", "email", "metadata",
		"whatsapp_account", "created_at", "updated_at"})
	*c = Contact(d)
	c.Extra = extra
	return err
}

func (l Label) MarshalJSON() ([]byte, error) {
	type documented Label
	return marshalWithExtra(documented(l), l.Extra)
}

func (l *Label) UnmarshalJSON(data []byte) error {
	type documented Label
	var d documented
	extra, err := unmarshalWithExtra(data, &d, []string{"id", "object", "name", "color", "team_id", "created_at", "updated_at"})
	*l = Label(d)
	l.Extra = extra
	return err
}
