// The poster's Print button (a file, not inline: the Content-Security-Policy forbids inline scripts).
document.getElementById('print-poster')?.addEventListener('click', () => window.print());
