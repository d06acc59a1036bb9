package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"
)

// Me is GET /me's data: the organization, the key the request carries and
// the organization's rate limits. Its json tags, and those of its parts, are
// the documented fields (KnownFields), in the contract's order.
type Me struct {
	Organization MeOrganization `json:"organization"`
	APIKey       MeAPIKey       `json:"api_key"`
	RateLimits   MeRateLimits   `json:"rate_limits"`
	Extra        Extra          `json:"-"`
}

// MeOrganization is the organization as GET /me describes it.
type MeOrganization struct {
	ID     string `json:"id"`
	Object string `json:"object"`
	Name   string `json:"name"`
	Extra  Extra  `json:"-"`
}

// MeAPIKey is the key a request carries, as GET /me describes it.
type MeAPIKey struct {
	ID     string `json:"id"`
	Object string `json:"object"`
	Label  string `json:"label"`
	Last4  string `json:"last4"`
	Extra  Extra  `json:"-"`
}

// MeRateLimits are the organization's buckets, as GET /me describes them.
type MeRateLimits struct {
	Tier           string `json:"tier"`
	WritePerMinute int64  `json:"write_per_minute"`
	ReadPerMinute  int64  `json:"read_per_minute"`
	Extra          Extra  `json:"-"`
}

func (m Me) MarshalJSON() ([]byte, error) {
	type documented Me
	return marshalWithExtra(documented(m), m.Extra)
}

func (m *Me) UnmarshalJSON(data []byte) error {
	type documented Me
	var d documented
	extra, err := unmarshalWithExtra(data, &d, knownOf[Me]())
	*m = Me(d)
	m.Extra = extra
	return err
}

func (o MeOrganization) MarshalJSON() ([]byte, error) {
	type documented MeOrganization
	return marshalWithExtra(documented(o), o.Extra)
}

func (o *MeOrganization) UnmarshalJSON(data []byte) error {
	type documented MeOrganization
	var d documented
	extra, err := unmarshalWithExtra(data, &d, knownOf[MeOrganization]())
	*o = MeOrganization(d)
	o.Extra = extra
	return err
}

func (k MeAPIKey) MarshalJSON() ([]byte, error) {
	type documented MeAPIKey
	return marshalWithExtra(documented(k), k.Extra)
}

func (k *MeAPIKey) UnmarshalJSON(data []byte) error {
	type documented MeAPIKey
	var d documented
	extra, err := unmarshalWithExtra(data, &d, knownOf[MeAPIKey]())
	*k = MeAPIKey(d)
	k.Extra = extra
	return err
}

func (l MeRateLimits) MarshalJSON() ([]byte, error) {
	type documented MeRateLimits
	return marshalWithExtra(documented(l), l.Extra)
}

func (l *MeRateLimits) UnmarshalJSON(data []byte) error {
	type documented MeRateLimits
	var d documented
	extra, err := unmarshalWithExtra(data, &d, knownOf[MeRateLimits]())
	*l = MeRateLimits(d)
	l.Extra = extra
	return err
}

// me answers GET /me for the key the request carries: a fixture's own,
// verbatim, or built from the organization.
func (s *Server) me(r *http.Request) any {
	if s.org.Me != nil {
		return map[string]any{"data": s.org.Me}
	}
	return map[string]any{"data": s.builtMe(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))}
}

// builtMe is GET /me's data for key when no fixture gave it.
func (s *Server) builtMe(key string) Me {
	last4 := key[max(0, len(key)-4):]
	return Me{
		Organization: MeOrganization{ID: s.org.ID, Object: "organization", Name: s.org.Name},
		APIKey:       MeAPIKey{ID: "key_" + strings.Repeat("0", 22) + strings.ToUpper(last4), Object: "api_key", Label: "Sandbox key", Last4: last4},
		RateLimits:   MeRateLimits{Tier: s.org.Tier, WritePerMinute: 60, ReadPerMinute: int64(s.bucket.perMinute)},
	}
}

// meJSON is GET /me's data as a fixture holds it.
func (s *Server) meJSON(apiKey string) (json.RawMessage, error) {
	if s.org.Me != nil {
		return s.org.Me, nil
	}
	return json.Marshal(s.builtMe(apiKey))
}

// OrganizationInfo returns the organization's id, name and tier.
func (s *Server) OrganizationInfo() (id, name, tier string) { return s.org.ID, s.org.Name, s.org.Tier }
