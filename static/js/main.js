// Progressive enhancement only: every page works without this file.
(function () {
    "use strict";

    // The phone menu: without scripting the panel is always open; with it, a button opens it.
    // The stylesheet shows the button folded from the first paint (scripting: enabled), hides
    // it (and ignores the closed state) on wider screens.
    var header = document.querySelector("[data-menu]");
    var menuButton = header && header.querySelector(".menu-button");
    var panel = menuButton && document.getElementById(menuButton.getAttribute("aria-controls"));
    if (panel) {
        var setOpen = function (open) {
            header.setAttribute("data-menu", open ? "open" : "closed");
            menuButton.setAttribute("aria-expanded", open ? "true" : "false");
        };
        setOpen(false);
        menuButton.hidden = false;
        menuButton.addEventListener("click", function () {
            var open = menuButton.getAttribute("aria-expanded") !== "true";
            setOpen(open);
            if (open) {
                var first = panel.querySelector("input, a[href], button");
                if (first) {
                    first.focus();
                }
            }
        });
        header.addEventListener("keydown", function (event) {
            var suggesting = header.querySelector(".site-search__suggestions:not([hidden])");
            if (event.key === "Escape" && !suggesting && menuButton.getAttribute("aria-expanded") === "true") {
                setOpen(false);
                menuButton.focus();
            }
        });
    }

    // Copy-link button beside the share links.
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

    // Videos show a poster and a link; the player is framed only when the reader asks for it.
    document.querySelectorAll("[data-video-src]").forEach(function (link) {
        link.addEventListener("click", function (event) {
            event.preventDefault();
            var frame = document.createElement("div");
            var player = document.createElement("iframe");
            var src = link.getAttribute("data-video-src");
            player.src = src + (src.indexOf("?") === -1 ? "?" : "&") + "autoplay=1";
            player.title = link.getAttribute("data-video-title");
            player.allow = "autoplay; encrypted-media; picture-in-picture";
            player.allowFullscreen = true;
            frame.className = "video__frame";
            frame.appendChild(player);
            link.replaceWith(frame);
            player.focus();
        });
    });

    // Title suggestions under the header search box.
    var form = document.querySelector("[data-suggest-url]");
    if (!form || !window.fetch) {
        return;
    }
    var input = form.querySelector("input[name=q]");
    var list = form.querySelector(".site-search__suggestions");
    var timer = null;
    var latest = 0;

    function clear() {
        list.hidden = true;
        list.textContent = "";
    }

    input.addEventListener("input", function () {
        window.clearTimeout(timer);
        var query = input.value.trim();
        if (query.length < 2) {
            clear();
            return;
        }
        timer = window.setTimeout(function () {
            var request = ++latest;
            fetch(form.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(query))
                .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
                .then(function (data) {
                    if (request !== latest) {
                        return;
                    }
                    list.textContent = "";
                    data.suggestions.forEach(function (item) {
                        var entry = document.createElement("li");
                        var link = document.createElement("a");
                        link.href = item.url;
                        link.textContent = item.title;
                        entry.appendChild(link);
                        list.appendChild(entry);
                    });
                    list.hidden = data.suggestions.length === 0;
                })
                .catch(clear);
        }, 200);
    });

    document.addEventListener("keydown", function (event) {
        if (event.key === "Escape") {
            clear();
        }
    });
})();
