package kirimchat

import "context"

// Me is GET /me: the organization the key belongs to, the key, and its rate limits.
type Me struct {
	Organization struct {
		ID     string `json:"id"`
		Object string `json:"object"`
		Name   string `json:"name"`
	} `json:"organization"`
	APIKey struct {
		ID     string `json:"id"`
		Object string `json:"object"`
		Label  string `json:"label"`
		Last4  string `json:"last4"`
	} `json:"api_key"`
	RateLimits struct {
		Tier           string `json:"tier"`
		WritePerMinute int64  `json:"write_per_minute"`
		ReadPerMinute  int64  `json:"read_per_minute"`
	} `json:"rate_limits"`
}

func readMe(d *decoder, me *Me) error {
	return d.object([]string{"organization", "api_key", "rate_limits"}, func(name string) error {
		switch name {
		case "organization":
			return d.object([]string{"id", "object", "name"}, func(name string) (err error) {
				switch name {
				case "id":
					me.Organization.ID, err = d.id("org_")
				case "object":
					me.Organization.Object, err = d.objectIs("organization")
				case "name":
					me.Organization.Name, err = d.str()
				}
				return err
			})
		case "api_key":
			return d.object([]string{"id", "object", "label", "last4"}, func(name string) (err error) {
				switch name {
				case "id":
					me.APIKey.ID, err = d.id("key_")
				case "object":
					me.APIKey.Object, err = d.objectIs("api_key")
				case "label":
					me.APIKey.Label, err = d.str()
				case "last4":
					me.APIKey.Last4, err = d.str()
				}
				return err
			})
		case "rate_limits":
			return d.object([]string{"tier", "write_per_minute", "read_per_minute"}, func(name string) (err error) {
				switch name {
				case "tier":
					me.RateLimits.Tier, err = d.str()
				case "write_per_minute":
					me.RateLimits.WritePerMinute, err = d.integer()
				case "read_per_minute":
					me.RateLimits.ReadPerMinute, err = d.integer()
				}
				return err
			})
		}
		return nil
	})
}

// GetMe reads GET /me.
func (c *Client) GetMe(ctx context.Context) (Me, error) {
	var me Me
	if _, err := c.get(ctx, "/me", nil, func(d *decoder) error { return readData(d, &me, readMe) }); err != nil {
		return Me{}, err
	}
	return me, nil
}
