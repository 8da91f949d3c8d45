// The device check's "Play test sound": a short rising chime made with Web
// Audio (no file to download or allow in the CSP), played through an <audio>
// element so it can go to the chosen speaker where the browser allows that.

const NOTES_HZ = [523.25, 659.25, 783.99];
const NOTE_SECONDS = 0.3;

export async function playTestSound(speakerId: string | undefined): Promise<void> {
  const context = new AudioContext();
  const destination = context.createMediaStreamDestination();
  const start = context.currentTime + 0.05;
  NOTES_HZ.forEach((frequency, index) => {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    const at = start + index * NOTE_SECONDS;
    oscillator.frequency.value = frequency;
    // A soft attack and release: a bare sine wave clicks when it starts and stops.
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.3, at + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.001, at + NOTE_SECONDS);
    oscillator.connect(gain).connect(destination);
    oscillator.start(at);
    oscillator.stop(at + NOTE_SECONDS);
  });
  const audio = new Audio();
  audio.srcObject = destination.stream;
  try {
    if (speakerId && typeof audio.setSinkId === "function") await audio.setSinkId(speakerId);
    await context.resume();
    await audio.play();
    await new Promise((resolve) => setTimeout(resolve, (NOTES_HZ.length * NOTE_SECONDS + 0.2) * 1000));
  } finally {
    audio.pause();
    audio.srcObject = null;
    await context.close();
  }
}
