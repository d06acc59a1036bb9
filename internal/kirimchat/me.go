package kirimchat

import "context"

// Me is GET /me: the organization the key belongs to, the key, and its rate limits.
type Me struct {
	Organization Organization `json:"organization"`
	APIKey       APIKey       `json:"api_key"`
	RateLimits   RateLimits   `json:"rate_limits"`
}

// Organization is the organization an API key belongs to.
type Organization struct {
	ID     string `json:"id"`
	Object string `json:"object"`
	Name   string `json:"name"`
}

// APIKey is the key a request was sent with, without its secret.
type APIKey struct {
	ID     string `json:"id"`
	Object string `json:"object"`
	Label  string `json:"label"`
	Last4  string `json:"last4"`
}

// RateLimits are the organization's.
type RateLimits struct {
	Tier           string `json:"tier"`
	WritePerMinute int64  `json:"write_per_minute"`
	ReadPerMinute  int64  `json:"read_per_minute"`
}

// meFields are the documented fields of GET /me's data.
var meFields = fields[Me]{
	embeddedObject("organization", fields[Organization]{
		required("id", func(d *decoder, o *Organization) (err error) { o.ID, err = d.id("org_"); return }),
		required("object", func(d *decoder, o *Organization) (err error) { o.Object, err = d.objectIs("organization"); return }),
		required("name", func(d *decoder, o *Organization) (err error) { o.Name, err = d.str(); return }),
	}, func(m *Me) *Organization { return &m.Organization }),
	embeddedObject("api_key", fields[APIKey]{
		required("id", func(d *decoder, k *APIKey) (err error) { k.ID, err = d.id("key_"); return }),
		required("object", func(d *decoder, k *APIKey) (err error) { k.Object, err = d.objectIs("api_key"); return }),
		required("label", func(d *decoder, k *APIKey) (err error) { k.Label, err = d.str(); return }),
		required("last4", func(d *decoder, k *APIKey) (err error) { k.Last4, err = d.str(); return }),
	}, func(m *Me) *APIKey { return &m.APIKey }),
	embeddedObject("rate_limits", fields[RateLimits]{
		required("tier", func(d *decoder, r *RateLimits) (err error) { r.Tier, err = d.str(); return }),
		required("write_per_minute", func(d *decoder, r *RateLimits) (err error) { r.WritePerMinute, err = d.integer(); return }),
		required("read_per_minute", func(d *decoder, r *RateLimits) (err error) { r.ReadPerMinute, err = d.integer(); return }),
	}, func(m *Me) *RateLimits { return &m.RateLimits }),
}

// GetMe reads GET /me.
func (c *Client) GetMe(ctx context.Context) (Me, error) {
	var me Me
	if _, err := c.get(ctx, "/me", nil, func(d *decoder) error { return readData(d, &me, meFields.readObject) }); err != nil {
		return Me{}, err
	}
	return me, nil
}
