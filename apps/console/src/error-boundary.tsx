import { Component, type ReactNode } from 'react';

/**
 * A page that fails to draw an answer (a shape it did not expect) says so in its place, instead of
 * taking the whole console down with it; the navigation stays, and another route tries again.
 */
export class PageErrorBoundary extends Component<{ route: string; children: ReactNode }, { failed?: string; route: string }> {
  state: { failed?: string; route: string } = { route: this.props.route };

  static getDerivedStateFromError(error: unknown) {
    return { failed: error instanceof Error ? error.message : String(error) };
  }

  static getDerivedStateFromProps(props: { route: string }, state: { failed?: string; route: string }) {
    return props.route === state.route ? null : { failed: undefined, route: props.route };
  }

  render() {
    if (this.state.failed === undefined) return this.props.children;
    return (
      <p role="alert" className="error">
        This page could not be shown ({this.state.failed}). Reload, or open another page.
      </p>
    );
  }
}
