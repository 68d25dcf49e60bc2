// One webhook delivery from GitHub, once its signature and body have been checked, and what may act
// on it: the channel subscriptions post it, the personal notifications DM the users it concerns.
export interface GitHubDelivery {
  /** X-GitHub-Event: `pull_request`, `issues`, `push`, ... */
  event: string;
  /** X-GitHub-Delivery, GitHub's id of this delivery. */
  id: string;
  payload: Record<string, unknown>;
}

/** Acts on a delivery; it answers what it did, in words, for the delivery log. */
export type DeliveryConsumer = (delivery: GitHubDelivery) => Promise<string>;
