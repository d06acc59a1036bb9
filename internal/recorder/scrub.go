package recorder

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// What a recording scrubs, field by field (the guide, sandbox-recording.md,
// says the same to users):
//
//   - a conversation's contact: name and phone_number; a contact: name,
//     phone_number and email — customer pseudonyms;
//   - a conversation's assignee: name and email — agent pseudonyms;
//   - a contact's metadata: every value, at any depth (a string becomes a
//     pseudonymous text, a number 0; true, false and null stay; keys,
//     arrays' lengths and the order stay);
//   - GET /me's api_key: it describes the key the sandbox serves the
//     fixture with instead of the key that recorded it.
//
// Everything else is kept exactly: ids, statuses, counts, timestamps,
// nulls, the organization's name and WhatsApp numbers, labels, and every
// member the contract does not document, which no one can know to be
// harmless: Unscrubbed lists them for review.

// collect adds a conversation's personal values to p.
func (p *pseudonyms) collectConversation(cv *sandbox.Conversation) {
	if c := cv.Contact; c != nil {
		addPtr(p, customerName, c.Name)
		addPtr(p, customerPhone, c.PhoneNumber)
	}
	if a := cv.Assignee; a != nil {
		addPtr(p, agentName, a.Name)
		addPtr(p, agentEmail, a.Email)
	}
	keepAccount(p, cv.WhatsAppAccount)
}

func (p *pseudonyms) collectContact(ct *sandbox.Contact) error {
	addPtr(p, customerName, ct.Name)
	addPtr(p, customerPhone, ct.PhoneNumber)
	addPtr(p, customerEmail, ct.Email)
	keepAccount(p, ct.WhatsAppAccount)
	_, err := scrubValues(ct.Metadata, func(s string) string {
		p.add(metadataText, s)
		return s
	})
	return err
}

func addPtr(p *pseudonyms, k kind, v *string) {
	if v != nil {
		p.add(k, *v)
	}
}

func keepAccount(p *pseudonyms, a *sandbox.WhatsAppAccount) {
	if a != nil && a.PhoneNumber != nil {
		p.keep(*a.PhoneNumber)
	}
}

// scrubConversation replaces cv's personal values with their pseudonyms.
func (p *pseudonyms) scrubConversation(cv *sandbox.Conversation) {
	if c := cv.Contact; c != nil {
		replace(p, customerName, c.Name)
		replace(p, customerPhone, c.PhoneNumber)
	}
	if a := cv.Assignee; a != nil {
		replace(p, agentName, a.Name)
		replace(p, agentEmail, a.Email)
	}
}

func (p *pseudonyms) scrubContact(ct *sandbox.Contact) error {
	replace(p, customerName, ct.Name)
	replace(p, customerPhone, ct.PhoneNumber)
	replace(p, customerEmail, ct.Email)
	metadata, err := scrubValues(ct.Metadata, func(s string) string { return p.pseudonym(metadataText, s) })
	ct.Metadata = metadata
	return err
}

func replace(p *pseudonyms, k kind, v *string) {
	if v != nil {
		*v = p.pseudonym(k, *v)
	}
}

// scrubValues is the JSON value raw with every string value replaced by
// text's answer for it and every number by 0; object keys, true, false,
// null, arrays' lengths and the order of everything stay. null and an
// absent value (nil) stay as they are.
func scrubValues(raw json.RawMessage, text func(string) string) (json.RawMessage, error) {
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return raw, nil
	}
	dec := jsontext.NewDecoder(bytes.NewReader(raw))
	var out bytes.Buffer
	enc := jsontext.NewEncoder(&out)
	for {
		tok, err := dec.ReadToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		isName := false
		if depth := dec.StackDepth(); depth > 0 {
			// In an object, a string that leaves an odd count read is a name.
			if k, length := dec.StackIndex(depth); k == '{' && length%2 == 1 {
				isName = true
			}
		}
		switch tok.Kind() {
		case '"':
			if !isName {
				tok = jsontext.String(text(tok.String()))
			}
		case '0':
			tok = jsontext.Int(0)
		}
		if err := enc.WriteToken(tok); err != nil {
			return nil, err
		}
	}
	return json.RawMessage(strings.TrimSuffix(out.String(), "\n")), nil
}
