package provider

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// BenchmarkReadDataSourceRPC is what the provider process does for one read,
// as terraform asks for it over gRPC: ReadDataSource, with the answer encoded
// for the wire; the provider's whole share of an end-to-end apply. It runs
// through the framework's own server (the state built with State.Set) and
// through NewServer (the state streamed); "summary" is
// kirimchat_conversation_summary over the same pages, through NewServer:
// the same drain, a state of counts and ids.
func BenchmarkReadDataSourceRPC(b *testing.B) {
	ctx := context.Background()
	servers := map[string]func() (tfprotov6.ProviderServer, error){
		"framework": providerserver.NewProtocol6WithError(newProvider("bench")),
		"streamed":  NewServer("bench"),
		"summary":   NewServer("bench"),
	}
	typeNames := map[string]string{"framework": "kirimchat_conversations", "streamed": "kirimchat_conversations", "summary": "kirimchat_conversation_summary"}
	for _, n := range []int{1_000, 10_000, 100_000} {
		for _, which := range []string{"framework", "streamed", "summary"} {
			if which == "framework" && n > 10_000 {
				continue // seconds and gigabytes per read: the point is made at 10,000
			}
			b.Run(fmt.Sprintf("%s/N=%d", which, n), func(b *testing.B) {
				srv := httptest.NewServer(sandbox.New(sandbox.Options{ReadsPerMinute: 1 << 30,
					Generated: sandbox.GenerateOptions{Seed: uint64(n), Conversations: n}}))
				b.Cleanup(srv.Close)
				server, err := servers[which]()
				if err != nil {
					b.Fatal(err)
				}
				schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
				if err != nil {
					b.Fatal(err)
				}
				providerType := schemas.Provider.ValueType().(tftypes.Object)
				dsType := schemas.DataSourceSchemas[typeNames[which]].ValueType().(tftypes.Object)
				cfg := map[string]tftypes.Value{}
				for name, t := range providerType.AttributeTypes {
					cfg[name] = tftypes.NewValue(t, nil)
				}
				cfg["api_key"] = tftypes.NewValue(tftypes.String, sandbox.DefaultAPIKey)
				cfg["base_url"] = tftypes.NewValue(tftypes.String, srv.URL+"/v1")
				providerConfig, _ := tfprotov6.NewDynamicValue(providerType, tftypes.NewValue(providerType, cfg))
				if resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &providerConfig}); err != nil || len(resp.Diagnostics) > 0 {
					b.Fatal(err, resp.Diagnostics)
				}
				dsCfg := map[string]tftypes.Value{}
				for name, t := range dsType.AttributeTypes {
					dsCfg[name] = tftypes.NewValue(t, nil)
				}
				config, _ := tfprotov6.NewDynamicValue(dsType, tftypes.NewValue(dsType, dsCfg))
				for b.Loop() {
					resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeNames[which], Config: &config})
					if err != nil || len(resp.Diagnostics) > 0 {
						b.Fatal(err, resp.Diagnostics)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/conversation")
			})
		}
	}
}
