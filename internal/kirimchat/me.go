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

// GetMe reads GET /me.
func (c *Client) GetMe(ctx context.Context) (Me, error) {
	var envelope struct {
		Data Me `json:"data"`
	}
	err := c.get(ctx, "/me", nil, &envelope)
	return envelope.Data, err
}
