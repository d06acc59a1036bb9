package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/statewire"
)

// NewServer returns the provider's protocol 6 server, the only way this
// package serves the provider: the framework's own server, which runs every
// RPC (validation, Configure, deferral, diagnostics, logging, each data
// source's Read), wrapped by statewire so that a list's state travels in the
// wire form its Read streamed (see statewire's doc.go for why and what it
// guarantees). TestStreamedAndFrameworkStatesAgree holds the two ways to the
// same state.
//
// Options add to what it does (StopOnSignals, StopWhen).
func NewServer(version string, options ...ServerOption) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		served, err := providerserver.NewProtocol6WithError(newProvider(version))()
		if err != nil {
			return nil, err
		}
		framework, ok := served.(statewire.FrameworkServer)
		if !ok {
			return nil, fmt.Errorf("the framework's server (%T) lacks an RPC statewire forwards", served)
		}
		var o serverOptions
		for _, option := range options {
			option(&o)
		}
		return statewire.Server{FrameworkServer: framework, Around: o.withInterrupt, Renames: []statewire.Rename{
			{DataSource: "kirimchat_conversation_summary", Declared: countDeclaredAs, Served: "count"},
		}}, nil
	}
}

// ServerOption changes what NewServer serves.
type ServerOption func(*serverOptions)

type serverOptions struct {
	// interrupted, when set, ends every read once it is done (interrupt.go).
	interrupted context.Context
}
