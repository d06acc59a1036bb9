package statewire

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// FrameworkServer is everything the framework's protocol 6 server serves:
// the required RPCs and the optional ones terraform-plugin-go still keeps in
// interfaces of their own. Embedding it, Server forwards them all.
//
//nolint:staticcheck // the optional interfaces are deprecated only to be merged into ProviderServer later
type FrameworkServer interface {
	tfprotov6.ProviderServerWithListResource
	tfprotov6.ProviderServerWithActions
	tfprotov6.ProviderServerWithStateStores
}

// Server is the framework's server, with the state of a data source's Read
// (and an ephemeral resource's Open) sent in the wire form the Read streamed
// into its Slot, when it did. Every other RPC is the framework's own.
type Server struct {
	FrameworkServer
	// Around, when set, gives each read its context and what to call once it
	// is done (the provider's interrupt).
	Around func(context.Context) (context.Context, context.CancelFunc)
	// Renames are root attributes served under other names than the
	// framework declares them (rename.go).
	Renames []Rename
}

func (s Server) around(ctx context.Context) (context.Context, context.CancelFunc) {
	if s.Around == nil {
		return ctx, func() {}
	}
	return s.Around(ctx)
}

// ReadDataSource is the framework's, with the streamed state when there is one.
func (s Server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	if r := s.renameFor(req.TypeName); r != nil {
		return s.readRenamed(ctx, r, req, s.readStreamed)
	}
	return s.readStreamed(ctx, req)
}

func (s Server) readStreamed(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	ctx, stop := s.around(ctx)
	defer stop()
	ctx, slot := WithSlot(ctx)
	resp, err := s.FrameworkServer.ReadDataSource(ctx, req)
	if err == nil && resp != nil {
		resp.State = slot.instead(resp.State, resp.Deferred != nil, resp.Diagnostics)
	}
	return resp, err
}

// OpenEphemeralResource is ReadDataSource's twin for an ephemeral resource:
// its Open streams the result into the same kind of slot.
func (s Server) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	ctx, stop := s.around(ctx)
	defer stop()
	ctx, slot := WithSlot(ctx)
	resp, err := s.FrameworkServer.OpenEphemeralResource(ctx, req)
	if err == nil && resp != nil {
		resp.Result = slot.instead(resp.Result, resp.Deferred != nil, resp.Diagnostics)
	}
	return resp, err
}

// Slot is where a Read served by Server leaves its whole state in wire form.
type Slot struct {
	msgpack []byte
}

// Set puts the state, as StateWriter.Finish returned it, into the slot.
func (s *Slot) Set(msgpack []byte) { s.msgpack = msgpack }

// Bytes is what the slot holds: nil until Set.
func (s *Slot) Bytes() []byte { return s.msgpack }

type slotKey struct{}

// WithSlot is ctx with a slot of its own, as Server gives each read (and
// tests that run a Read directly).
func WithSlot(ctx context.Context) (context.Context, *Slot) {
	slot := &Slot{}
	return context.WithValue(ctx, slotKey{}, slot), slot
}

// From is the read's slot, or nil when the read is not served by Server (the
// state then goes the framework's way).
func From(ctx context.Context) *Slot {
	s, _ := ctx.Value(slotKey{}).(*Slot)
	return s
}

// instead is the state to send in place of the framework's: the streamed
// one, unless the read streamed nothing, was deferred or failed.
func (s *Slot) instead(framework *tfprotov6.DynamicValue, deferred bool, diags []*tfprotov6.Diagnostic) *tfprotov6.DynamicValue {
	if s.msgpack == nil || deferred || hasError(diags) {
		return framework
	}
	return &tfprotov6.DynamicValue{MsgPack: s.msgpack}
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}
