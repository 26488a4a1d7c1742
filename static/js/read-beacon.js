// Counts one read of the article this page shows (news.popular): no cookie, no other site.
(function () {
    "use strict";
    var script = document.currentScript;
    var url = script && script.getAttribute("data-read-url");
    if (!url || !navigator.sendBeacon) {
        return;
    }
    function send() {
        navigator.sendBeacon(url);
    }
    // A page opened in a background tab counts once it is looked at.
    if (document.visibilityState === "visible") {
        send();
    } else {
        document.addEventListener("visibilitychange", function shown() {
            if (document.visibilityState === "visible") {
                document.removeEventListener("visibilitychange", shown);
                send();
            }
        });
    }
})();
