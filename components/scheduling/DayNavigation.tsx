import Link from "next/link";
import { addDays } from "@/lib/scheduling/zoned-time";
import { formatDayLong } from "./calendar-format";
import { secondaryButtonClassName } from "./styles";

/** Links to the day before, today and the day after; the date lives in the address. */
export function DayNavigation({ date, today, path }: { date: string; today: string; path: string }) {
  const link = (target: string) => (target === today ? path : `${path}?date=${target}`);
  return (
    <nav aria-label="Days" className="flex flex-wrap gap-2">
      <Link href={link(addDays(date, -1))} className={secondaryButtonClassName}>
        Previous day<span className="sr-only">, {formatDayLong(addDays(date, -1))}</span>
      </Link>
      <Link href={link(today)} aria-current={date === today ? "date" : undefined} className={secondaryButtonClassName}>
        Today
      </Link>
      <Link href={link(addDays(date, 1))} className={secondaryButtonClassName}>
        Next day<span className="sr-only">, {formatDayLong(addDays(date, 1))}</span>
      </Link>
    </nav>
  );
}
