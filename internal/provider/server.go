package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// NewServer returns the provider's protocol 6 server, the only way this
// package serves the provider: the framework's own server, which runs every
// RPC (validation, Configure, deferral, diagnostics, logging, each data
// source's Read), wrapped so that a list's state can travel in the wire form
// its Read streamed (wire.go).
//
// After a Read, the framework converts the whole new state into framework
// values, walks it for semantic equality and encodes it again. For a list of
// 10,000 conversations that was two thirds of the provider's time and most
// of its memory (BenchmarkReadDataSourceRPC), and it changes nothing for
// lists of computed attributes of plain types. So a list data source's Read
// leaves the framework a small state (everything but the list and its ids)
// and its full state, already encoded, in the streamedState that this
// wrapper hands it through the context; the wrapper sends those bytes when
// the framework's read ended without an error and without a deferral.
// TestStreamedAndFrameworkStatesAgree holds the two ways to the same state.
//
// Options add to what it does (StopOnSignals, StopWhen).
func NewServer(version string, options ...ServerOption) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		framework, err := providerserver.NewProtocol6WithError(newProvider(version))()
		if err != nil {
			return nil, err
		}
		s := streamingServer{ProviderServer: framework}
		for _, option := range options {
			option(&s)
		}
		return s, nil
	}
}

// ServerOption changes what NewServer serves.
type ServerOption func(*streamingServer)

type streamingServer struct {
	tfprotov6.ProviderServer
	// interrupted, when set, ends every read once it is done (interrupt.go).
	interrupted context.Context
}

func (s streamingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	ctx, stop := s.withInterrupt(ctx)
	defer stop()
	ctx, streamed := withStreamedState(ctx)
	resp, err := s.ProviderServer.ReadDataSource(ctx, req)
	if err == nil && resp != nil {
		resp.State = streamed.instead(resp.State, resp.Deferred != nil, resp.Diagnostics)
	}
	return resp, err
}

// OpenEphemeralResource is ReadDataSource's twin for the ephemeral list: its
// Open streams the result into the same slot.
func (s streamingServer) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	ctx, stop := s.withInterrupt(ctx)
	defer stop()
	ctx, streamed := withStreamedState(ctx)
	resp, err := s.ProviderServer.OpenEphemeralResource(ctx, req)
	if err == nil && resp != nil {
		resp.Result = streamed.instead(resp.Result, resp.Deferred != nil, resp.Diagnostics)
	}
	return resp, err
}

// streamedState is where a Read served by NewServer leaves its whole state
// in wire form.
type streamedState struct {
	msgpack []byte
}

func withStreamedState(ctx context.Context) (context.Context, *streamedState) {
	streamed := &streamedState{}
	return context.WithValue(ctx, streamedStateKey{}, streamed), streamed
}

// instead is the state to send in place of the framework's: the streamed
// one, unless the read streamed nothing, was deferred or failed.
func (s *streamedState) instead(framework *tfprotov6.DynamicValue, deferred bool, diags []*tfprotov6.Diagnostic) *tfprotov6.DynamicValue {
	if s.msgpack == nil || deferred || hasError(diags) {
		return framework
	}
	return &tfprotov6.DynamicValue{MsgPack: s.msgpack}
}

type streamedStateKey struct{}

// streamedStateFrom is the slot for the state in wire form, or nil when the
// read is not served by NewServer (the state then goes the framework's way).
func streamedStateFrom(ctx context.Context) *streamedState {
	s, _ := ctx.Value(streamedStateKey{}).(*streamedState)
	return s
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}
