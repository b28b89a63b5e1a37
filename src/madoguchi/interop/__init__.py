"""Exchange with the systems around the city hall (外部連携).

Applications delivered by the national portal (マイナポータル・ぴったりサービス) taken in as
`Application`s, and the resident registry (住民記録) behind one interface: a demo adapter and a
file-exchange adapter for the standard data requirements' CSV layouts (標準仕様書), with a
conflict report and no write-back without staff confirmation."""
