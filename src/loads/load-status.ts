export enum LoadStatus {
  Posted = 'posted',
  Assigned = 'assigned',
  InTransit = 'in_transit',
  Delivered = 'delivered',
  Cancelled = 'cancelled',
}
