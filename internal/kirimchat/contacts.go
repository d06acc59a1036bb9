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
// as the API sent it (nil for null).
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
	// EachRawPage, when set, receives each page's new contacts with the JSON
	// text the API sent for each, once the strict reader has accepted it
	// (after EachPage, if that is set too); they are then not collected
	// into the result's Items. The provider never sets it: it is for
	// kirimchat-sandbox -record, which keeps fields no reader reads.
	EachRawPage func([]RawRecord[Contact]) error
}

// contactFields are the documented fields of a contact.
var contactFields = fields[Contact]{
	required("id", func(d *decoder, c *Contact) (err error) { c.ID, err = d.id("ctc_"); return }),
	required("object", func(d *decoder, c *Contact) (err error) { c.Object, err = d.objectIs("contact"); return }),
	nullable("phone_number", func(d *decoder, c *Contact) (err error) { c.PhoneNumber, err = some(d.str()); return }),
	nullable("name", func(d *decoder, c *Contact) (err error) { c.Name, err = some(d.str()); return }),
	nullable("email", func(d *decoder, c *Contact) (err error) { c.Email, err = some(d.str()); return }),
	nullable("metadata", func(d *decoder, c *Contact) (err error) { c.Metadata, err = d.objectJSON(); return }),
	nestedObject("whatsapp_account", true, whatsAppAccountFields, func(c *Contact) **WhatsAppAccount { return &c.WhatsAppAccount }),
	required("created_at", func(d *decoder, c *Contact) (err error) { c.CreatedAt, err = d.timestamp(); return }),
	required("updated_at", func(d *decoder, c *Contact) (err error) { c.UpdatedAt, err = d.timestamp(); return }),
}

// RecordID is the contact's id.
func (ct Contact) RecordID() string { return ct.ID }

// ListContacts drains every page of GET /contacts.
func (c *Client) ListContacts(ctx context.Context, opts ListContactsOptions) (ListResult[Contact], error) {
	return drain(ctx, c, drainRequest[Contact]{
		path:        "/contacts",
		filters:     url.Values{"phone": {opts.Phone}, "search": {opts.Search}},
		maxResults:  opts.MaxResults,
		read:        contactFields.readObject,
		answers:     opts.answeredBy,
		eachPage:    opts.EachPage,
		eachRawPage: opts.EachRawPage,
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
	a, err := c.get(ctx, path, nil, func(d *decoder) error { return readData(d, &contact, contactFields.readObject) })
	switch {
	case err != nil:
		return Contact{}, err
	case !strings.EqualFold(contact.ID, id):
		return Contact{}, c.cleaned(a.contractError(path, "/data/id", contact.ID, "is another contact than the "+id+" asked for"))
	}
	return contact, nil
}
