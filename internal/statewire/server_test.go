package statewire

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// fakeFramework answers reads as a framework would, having put streamed
// bytes in the read's slot first when it has some.
type fakeFramework struct {
	FrameworkServer // nil: only the reads below are called
	streamed        []byte
	deferred        bool
	severity        tfprotov6.DiagnosticSeverity
}

var frameworkState = &tfprotov6.DynamicValue{MsgPack: []byte("framework")}

func (f fakeFramework) answer(ctx context.Context) (*tfprotov6.Deferred, []*tfprotov6.Diagnostic) {
	if f.streamed != nil {
		From(ctx).Set(f.streamed)
	}
	var deferred *tfprotov6.Deferred
	if f.deferred {
		deferred = &tfprotov6.Deferred{Reason: tfprotov6.DeferredReasonProviderConfigUnknown}
	}
	var diags []*tfprotov6.Diagnostic
	if f.severity != tfprotov6.DiagnosticSeverityInvalid {
		diags = append(diags, &tfprotov6.Diagnostic{Severity: f.severity, Summary: "s"})
	}
	return deferred, diags
}

func (f fakeFramework) ReadDataSource(ctx context.Context, _ *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	deferred, diags := f.answer(ctx)
	return &tfprotov6.ReadDataSourceResponse{State: frameworkState, Deferred: deferred, Diagnostics: diags}, nil
}

func (f fakeFramework) OpenEphemeralResource(ctx context.Context, _ *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	deferred, diags := f.answer(ctx)
	return &tfprotov6.OpenEphemeralResourceResponse{Result: frameworkState, Deferred: deferred, Diagnostics: diags}, nil
}

// TestTheStreamedStateIsSentOnlyForACleanRead: the slot's bytes replace the
// framework's state only when the read streamed some, was not deferred and
// has no error (a warning is no error); a data source's read and an
// ephemeral resource's open alike.
func TestTheStreamedStateIsSentOnlyForACleanRead(t *testing.T) {
	streamed := []byte("streamed")
	for name, tc := range map[string]struct {
		framework fakeFramework
		want      string
	}{
		"clean":          {fakeFramework{streamed: streamed}, "streamed"},
		"with a warning": {fakeFramework{streamed: streamed, severity: tfprotov6.DiagnosticSeverityWarning}, "streamed"},
		"failed":         {fakeFramework{streamed: streamed, severity: tfprotov6.DiagnosticSeverityError}, "framework"},
		"deferred":       {fakeFramework{streamed: streamed, deferred: true}, "framework"},
		"not streamed":   {fakeFramework{}, "framework"},
	} {
		s := Server{FrameworkServer: tc.framework}
		read, err := s.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{})
		if err != nil || string(read.State.MsgPack) != tc.want {
			t.Errorf("%s read: sent %q (%v), want %q", name, read.State.MsgPack, err, tc.want)
		}
		open, err := s.OpenEphemeralResource(context.Background(), &tfprotov6.OpenEphemeralResourceRequest{})
		if err != nil || string(open.Result.MsgPack) != tc.want {
			t.Errorf("%s open: sent %q (%v), want %q", name, open.Result.MsgPack, err, tc.want)
		}
	}
}

// TestAroundGivesEachReadItsContext: a read runs in the context Around
// gives it, and Around's stop is called once the read is done.
func TestAroundGivesEachReadItsContext(t *testing.T) {
	type key struct{}
	stopped := 0
	var seen any
	s := Server{
		FrameworkServer: reader{read: func(ctx context.Context) { seen = ctx.Value(key{}) }},
		Around: func(ctx context.Context) (context.Context, context.CancelFunc) {
			return context.WithValue(ctx, key{}, "around"), func() { stopped++ }
		},
	}
	if _, err := s.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{}); err != nil {
		t.Fatal(err)
	}
	if seen != "around" || stopped != 1 {
		t.Fatalf("the read saw %v, stop called %d times", seen, stopped)
	}
}

// reader is a framework whose data source reads call read.
type reader struct {
	FrameworkServer // nil: nothing else is called
	read            func(context.Context)
}

func (r reader) ReadDataSource(ctx context.Context, _ *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	r.read(ctx)
	return &tfprotov6.ReadDataSourceResponse{}, nil
}

// TestTheServerForwardsEveryRPC: Server has every method of FrameworkServer,
// the optional interfaces terraform-plugin-go keeps apart included, so tf6server
// finds list resources, actions and state stores behind it.
func TestTheServerForwardsEveryRPC(t *testing.T) {
	var s any = Server{}
	//nolint:staticcheck // the optional interfaces are what is checked
	for name, ok := range map[string]bool{
		"ProviderServerWithListResource": isA[tfprotov6.ProviderServerWithListResource](s),
		"ProviderServerWithActions":      isA[tfprotov6.ProviderServerWithActions](s),
		"ProviderServerWithStateStores":  isA[tfprotov6.ProviderServerWithStateStores](s),
	} {
		if !ok {
			t.Errorf("Server is not a %s", name)
		}
	}
}

func isA[I any](v any) bool {
	_, ok := v.(I)
	return ok
}
