// Progressive enhancement only: every page works without this file.
(function () {
    "use strict";
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
        if (!navigator.clipboard) {
            return;
        }
        var input = document.getElementById(button.getAttribute("data-copy-target"));
        var status = button.parentElement.querySelector(".share__copy-status");
        button.hidden = false;
        button.addEventListener("click", function () {
            navigator.clipboard.writeText(input.value).then(function () {
                if (status) {
                    status.textContent = status.getAttribute("data-copied-text");
                }
            });
        });
    });
})();
