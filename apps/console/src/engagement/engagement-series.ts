/** The timeline's series, in the order the chart, its legend and the data table show them. */
export const ENGAGEMENT_SERIES = [
  { key: 'opens', label: 'Opens', color: '#1d4ed8' },
  { key: 'unique_opens', label: 'Unique opens', color: '#0f766e' },
  { key: 'clicks', label: 'Clicks', color: '#b45309' },
  { key: 'unique_clicks', label: 'Unique clicks', color: '#7e22ce' },
  { key: 'unsubscribes', label: 'Unsubscribes', color: '#b91c1c' },
] as const;
