// When the WebAssembly app panics it is dead (panic = abort): it cannot draw anything any more.
// This small script, loaded before the app, notices the trap and draws a plain error screen with
// a reload button, so a citizen never faces a blank or frozen page. Text only, no HTML strings.
(function () {
  'use strict';
  var shown = false;
  function isTrap(error) {
    return !!error && (error instanceof WebAssembly.RuntimeError || /unreachable|panicked at/.test(String(error && error.message)));
  }
  function show() {
    if (shown) return;
    shown = true;
    var zh = document.documentElement.lang !== 'en';
    var box = document.createElement('div');
    box.className = 'ys-crash';
    box.setAttribute('role', 'alertdialog');
    box.setAttribute('aria-labelledby', 'ys-crash-title');
    var title = document.createElement('h1');
    title.id = 'ys-crash-title';
    title.textContent = zh ? '页面出了点问题' : 'Something went wrong';
    var text = document.createElement('p');
    text.textContent = zh
      ? '请重新加载页面。您填写的草稿和待发送的评价都保存在这台设备上，不会丢失。'
      : 'Please reload the page. Your drafts and unsent ratings are kept on this device.';
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'ys-button';
    button.textContent = zh ? '重新加载' : 'Reload';
    button.addEventListener('click', function () { location.reload(); });
    box.appendChild(title);
    box.appendChild(text);
    box.appendChild(button);
    document.body.appendChild(box);
    button.focus();
  }
  window.addEventListener('error', function (event) { if (isTrap(event.error)) show(); });
  window.addEventListener('unhandledrejection', function (event) { if (isTrap(event.reason)) show(); });
  // console_error_panic_hook reports the panic message just before the trap.
  var original = console.error;
  console.error = function () {
    original.apply(console, arguments);
    if (/panicked at/.test(String(arguments[0]))) setTimeout(show, 0);
  };
})();
