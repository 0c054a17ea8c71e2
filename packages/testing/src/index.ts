export { HttpSink, type ReceivedRequest, type Responder, type SinkAnswer } from './http-sink';
export { SmtpSink, type ReceivedMail, type SmtpSinkChannelConfiguration } from './smtp-sink';
export { expectProblem, type HttpAnswer } from './problem';
export { occupiedPort, unusedPort, type OccupiedPort } from './ports';
export { uniqueEmail, uniqueName } from './factories/unique';
export { insertChannel } from './factories/channels';
export {
  insertSubscriber,
  insertSubscribers,
  type SubscriberOverrides,
} from './factories/subscribers';
export { insertTemplate } from './factories/templates';
export { insertPublication, type PublicationOverrides } from './factories/publications';
export { insertDeliveries } from './factories/deliveries';
export { insertAnalyticsEvents, type AnalyticsEventSeed } from './factories/analytics-events';
export { insertAlert } from './factories/alerts';
export { MetricSamples, parseMetrics, scrapeMetrics, type MetricSample } from './metrics-scrape';
