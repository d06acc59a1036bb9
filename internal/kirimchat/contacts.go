package kirimchat

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// PhonePattern is the documented form of the contacts phone filter (E.164).
var PhonePattern = regexp.MustCompile(`^\+[1-9]\d{6,14}$`)

// Search bounds of the contacts search filter, in characters.
const (
	MinSearchLength = 1
	MaxSearchLength = 200
)

// Contact is one element of GET /contacts. Metadata is free-form JSON, kept
// as the API sent it ("null" when absent).
type Contact struct {
	ID              string           `json:"id"`
	Object          string           `json:"object"`
	PhoneNumber     *string          `json:"phone_number"`
	Name            *string          `json:"name"`
	Email           *string          `json:"email"`
	Metadata        json.RawMessage  `json:"metadata"`
	WhatsAppAccount *WhatsAppAccount `json:"whatsapp_account"`
	CreatedAt       string           `json:"created_at"`
	UpdatedAt       string           `json:"updated_at"`
}

// ListContactsOptions filters GET /contacts. Empty fields are not sent.
type ListContactsOptions struct {
	Phone      string
	Search     string
	MaxResults int
	// EachPage, when set, receives each page's new contacts as it arrives.
	EachPage func([]Contact) error
}

var contactFields = []string{"id", "object", "phone_number", "name", "email", "metadata", "whatsapp_account",
	"created_at", "updated_at"}

func readContact(d *decoder, c *Contact) error {
	return d.object(contactFields, func(name string) (err error) {
		switch name {
		case "id":
			c.ID, err = d.id("ctc_")
		case "object":
			c.Object, err = d.objectIs("contact")
		case "phone_number":
			c.PhoneNumber, err = d.nullableStr()
		case "name":
			c.Name, err = d.nullableStr()
		case "email":
			c.Email, err = d.nullableStr()
		case "metadata":
			c.Metadata, err = d.nullableObjectJSON()
		case "whatsapp_account":
			c.WhatsAppAccount, err = nullableObject(d, readWhatsAppAccount)
		case "created_at":
			c.CreatedAt, err = d.timestamp()
		case "updated_at":
			c.UpdatedAt, err = d.timestamp()
		}
		return err
	})
}

// RecordID is the contact's id.
func (ct Contact) RecordID() string { return ct.ID }

// ListContacts drains every page of GET /contacts.
func (c *Client) ListContacts(ctx context.Context, opts ListContactsOptions) (ListResult[Contact], error) {
	return drain(ctx, c, drainRequest[Contact]{
		path:       "/contacts",
		filters:    url.Values{"phone": {opts.Phone}, "search": {opts.Search}},
		maxResults: opts.MaxResults,
		read:       readContact,
		answers:    opts.answeredBy,
		eachPage:   opts.EachPage,
	})
}

// answeredBy says why a contact does not match the phone filter sent. The
// search filter's matching (partial, on name and email) is the API's own
// and is not checked.
func (opts ListContactsOptions) answeredBy(c *Contact) error {
	if opts.Phone != "" && (c.PhoneNumber == nil || *c.PhoneNumber != opts.Phone) {
		got := "no phone number"
		if c.PhoneNumber != nil {
			got = "phone number " + *c.PhoneNumber
		}
		return fmt.Errorf("has %s, but the request asked for phone=%s", got, opts.Phone)
	}
	return nil
}

// GetContact reads GET /contacts/{id}. An unknown id is an *APIError with
// status 404 (see IsNotFound).
func (c *Client) GetContact(ctx context.Context, id string) (Contact, error) {
	var contact Contact
	path := "/contacts/" + url.PathEscape(id)
	a, err := c.get(ctx, path, nil, func(d *decoder) error { return readData(d, &contact, readContact) })
	switch {
	case err != nil:
		return Contact{}, err
	case !strings.EqualFold(contact.ID, id):
		return Contact{}, c.cleaned(a.contractError(path, "/data/id", contact.ID, "is another contact than the "+id+" asked for"))
	}
	return contact, nil
}
