// Remember the browser's time zone so pages for visitors show times in it.
(function () {
  "use strict";
  var name = document.body.dataset.tzCookie || "hatchway_tz";
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf(name + "=" + zone) === -1) {
      document.cookie = name + "=" + zone + "; path=/; max-age=31536000; samesite=lax";
    }
  } catch (error) {
    // Old browsers without Intl keep the platform's default zone.
  }
})();
