// The current time as an ISO 8601 text in UTC, with milliseconds.
function main() {
  return { date: new Date().toISOString() };
}
