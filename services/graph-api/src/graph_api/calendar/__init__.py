"""Calendar files (iCalendar, RFC 5545): an event, and an accepted purpose group's suggested
first meeting, as documents (`ics`), the signed download links the web app hands out
(`links`), and the HTTP routes that serve them (`routes`)."""
