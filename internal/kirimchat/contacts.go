package kirimchat

import (
	"context"
	"encoding/json"
	"net/url"
	"regexp"
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

// RecordID is the contact's id.
func (ct Contact) RecordID() string { return ct.ID }

// ListContacts drains every page of GET /contacts.
func (c *Client) ListContacts(ctx context.Context, opts ListContactsOptions) (ListResult[Contact], error) {
	return drain(ctx, c, drainRequest[Contact]{
		path:       "/contacts",
		filters:    url.Values{"phone": {opts.Phone}, "search": {opts.Search}},
		maxResults: opts.MaxResults,
		eachPage:   opts.EachPage,
	})
}

// GetContact reads GET /contacts/{id}. An unknown id is an *APIError with
// status 404 (see IsNotFound).
func (c *Client) GetContact(ctx context.Context, id string) (Contact, error) {
	var envelope struct {
		Data Contact `json:"data"`
	}
	err := c.get(ctx, "/contacts/"+url.PathEscape(id), nil, &envelope)
	return envelope.Data, err
}
