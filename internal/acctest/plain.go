package acctest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
)

// PlainConversation has the documented fields of a conversation and nothing else.
type PlainConversation struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Status  string `json:"status"`
	Contact *struct {
		ID          string  `json:"id"`
		PhoneNumber *string `json:"phone_number"`
		Name        *string `json:"name"`
	} `json:"contact"`
	WhatsAppAccount *struct {
		PhoneNumber *string `json:"phone_number"`
	} `json:"whatsapp_account"`
	Assignee *struct {
		ID    string  `json:"id"`
		Name  *string `json:"name"`
		Email *string `json:"email"`
	} `json:"assignee"`
	UnreadCount   int64   `json:"unread_count"`
	LastMessageAt *string `json:"last_message_at"`
	LastInboundAt *string `json:"last_inbound_at"`
	CreatedAt     string  `json:"created_at"`
	UpdatedAt     string  `json:"updated_at"`
}

// PlainDrain is the floor the provider's benchmarks are held to: every page
// of GET /conversations with net/http, decoded into structs, nothing more.
// It returns the conversations and the bytes the API sent.
func PlainDrain(ctx context.Context, baseURL, apiKey string) ([]PlainConversation, int64, error) {
	var all []PlainConversation
	var received int64
	cursor := ""
	for {
		q := url.Values{"limit": {"100"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/conversations?"+q.Encode(), nil)
		if err != nil {
			return nil, 0, err
		}
		req.Header.Set("Authorization", "Bearer "+apiKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, 0, err
		}
		body := &countingReader{r: resp.Body}
		var page struct {
			Data       []PlainConversation `json:"data"`
			HasMore    bool                `json:"has_more"`
			NextCursor *string             `json:"next_cursor"`
		}
		err = json.NewDecoder(body).Decode(&page)
		_, _ = io.Copy(io.Discard, body)
		_ = resp.Body.Close()
		if err != nil {
			return nil, 0, err
		}
		received += body.n
		all = append(all, page.Data...)
		if !page.HasMore || page.NextCursor == nil {
			return all, received, nil
		}
		cursor = *page.NextCursor
	}
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
