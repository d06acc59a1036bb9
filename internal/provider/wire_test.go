package provider

import (
	"math/big"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// attributePaths lists every attribute of typ, nested ones as a.b, list
// elements' as a.b too.
func attributePaths(typ tftypes.Type, prefix string, out *[]string) {
	switch {
	case typ.Is(tftypes.Object{}):
		for name, at := range typ.(tftypes.Object).AttributeTypes { //nolint:forcetypeassert // checked by Is
			*out = append(*out, prefix+name)
			attributePaths(at, prefix+name+".", out)
		}
	case typ.Is(tftypes.List{}):
		attributePaths(typ.(tftypes.List).ElementType, prefix, out) //nolint:forcetypeassert // checked by Is
	}
}

// writtenPaths lists the attributes of a value that hold something other
// than null and other than an empty string or 0 somewhere (a read can be
// false throughout: truncated), in the
// same form as attributePaths: a field the sandbox's generator forgot is
// zero everywhere.
func writtenPaths(v tftypes.Value, prefix string, out map[string]bool) {
	if v.IsNull() || !v.IsKnown() {
		return
	}
	switch {
	case v.Type().Is(tftypes.Object{}):
		var attrs map[string]tftypes.Value
		_ = v.As(&attrs)
		for name, av := range attrs {
			if !av.IsNull() && !isZero(av) {
				out[prefix+name] = true
			}
			writtenPaths(av, prefix+name+".", out)
		}
	case v.Type().Is(tftypes.List{}):
		var elems []tftypes.Value
		_ = v.As(&elems)
		for _, ev := range elems {
			writtenPaths(ev, prefix, out)
		}
	}
}

// TestEveryAttributeOfEveryDataSourceIsWritten reads each data source of the
// provider through NewServer from a sandbox whose records fill every field
// somewhere, and finds a value for every attribute of its schema but the
// arguments left unset.
func TestEveryAttributeOfEveryDataSourceIsWritten(t *testing.T) {
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 11, Conversations: 260}})
	provider := map[string]tftypes.Value{"api_key": str(sb.APIKey), "base_url": str(sb.URL)}
	unsetArguments := map[string][]string{
		"kirimchat_conversations":        {"status", "contact_id", "last_message_after", "max_results"},
		"kirimchat_contacts":             {"phone", "search", "max_results"},
		"kirimchat_labels":               {"max_results"},
		"kirimchat_contact":              {"phone_number"},
		"kirimchat_conversation_summary": {"status", "contact_id", "contact_ids", "last_message_after"},
	}
	var full sandbox.Contact // a contact with every field filled
	for _, c := range sb.Contacts() {
		if c.PhoneNumber != nil && c.Name != nil && c.Email != nil && string(c.Metadata) != "null" && c.WhatsAppAccount != nil &&
			c.WhatsAppAccount.PhoneNumber != nil {
			full = c
			break
		}
	}
	args := map[string]map[string]tftypes.Value{"kirimchat_contact": {"id": str(full.ID)}}
	for typeName := range dataSourceTypes(t) {
		t.Run(typeName, func(t *testing.T) {
			typ := dataSourceType(t, typeName)
			resp := rpc{t: t, server: streamingServerForTest(t)}.read(provider, typeName, args[typeName])
			if hasError(resp.Diagnostics) {
				t.Fatal(diagnosticsText(resp.Diagnostics))
			}
			state := stateOf(t, typ, resp)
			written := map[string]bool{}
			writtenPaths(*state, "", written)
			var all []string
			attributePaths(typ, "", &all)
			for _, path := range all {
				if !written[path] && !slices.Contains(unsetArguments[typeName], path) {
					t.Errorf("%s: no value for %s", typeName, path)
				}
			}
		})
	}
}

// dataSourceTypes are the type names of every data source the provider has.
func dataSourceTypes(t *testing.T) map[string]bool {
	t.Helper()
	schemas, err := streamingServerForTest(t).GetProviderSchema(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for name := range schemas.DataSourceSchemas {
		out[name] = true
	}
	if len(out) != 6 {
		t.Fatalf("want the 6 data sources, got %v", out)
	}
	return out
}

// isZero reports whether a known string or number is "" or 0.
func isZero(v tftypes.Value) bool {
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		return v.As(&s) == nil && s == ""
	case v.Type().Is(tftypes.Number):
		n := new(big.Float)
		return v.As(&n) == nil && n.Sign() == 0
	}
	return false
}
