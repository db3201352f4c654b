// coopatlas: send the CSRF token (double-submit cookie) with every htmx request.
document.addEventListener("htmx:configRequest", function (event) {
  var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (match) event.detail.headers["x-csrftoken"] = decodeURIComponent(match[1]);
});
// Show error answers (4xx/5xx) in the form's target instead of dropping them.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status >= 400) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
